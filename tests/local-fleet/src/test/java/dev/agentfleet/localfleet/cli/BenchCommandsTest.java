package dev.agentfleet.localfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agentfleet.localfleet.fleet.FleetException;

/** The benchmark commands refuse what they cannot run before they start anything, naming the option. */
class BenchCommandsTest {

    @TempDir
    Path root;

    @Test
    void outOfRangeSizesAreUsageErrors() {
        assertThat(usageError("bench-costs", "--runs", "5")).contains("finished runs are 1,000 to 1,000,000");
        assertThat(usageError("bench-costs", "--waiting", "200000")).contains("waiting runs 0 to 100,000");
        assertThat(usageError("bench-inputs", "--calls", "0")).contains("calls are 1 to 100");
        assertThat(usageError("bench-cold", "--runs", "0")).contains("runs are 1 to 51");
        assertThat(usageError("bench-aot", "--java", thisJava(), "--runs", "0")).contains("runs are 1 to 51");
    }

    @Test
    void unknownOptionsMissingValuesAndNonNumbersAreNamed() {
        assertThat(usageError("bench-costs", "--frobs", "1")).contains("unknown option '--frobs'").contains("--runs", "--waiting");
        assertThat(usageError("bench-inputs", "--calls")).contains("option --calls needs a value");
        assertThat(usageError("bench-cold", "--options")).contains("option --options needs a value");
        assertThat(usageError("bench-cold", "--options", " ", "--runs", "3")).contains("option --options needs a value");
        assertThat(usageError("bench-cold", "--options", "-Xmn4m", "--lever", "1")).contains("unknown option '--lever'");
        assertThat(usageError("bench-costs", "--runs", "many")).contains("--runs takes a number, was 'many'");
        assertThat(usageError("bench-aot")).contains("usage: ./fleet bench-aot --java");
        assertThat(usageError("bench-aot", "--runs", "3", "--java")).contains("usage: ./fleet bench-aot --java");
        assertThat(usageError("bench-aot", "--java", root.resolve("no-such-java").toString())).contains("is not an executable");
        assertThat(usageError("bench-aot", "--java", root.toString())).as("a directory, such as a JDK's home").contains("is not an executable");
        assertThat(usageError("bench-aot", "--java", thisJava(), "--calls", "1")).contains("unknown option '--calls'");
    }

    @Test
    void anAotCacheNeedsJdk24OrLater() {
        assumeTrue(Runtime.version().feature() < 24, "this JVM could write an AOT cache");
        assertThat(usageError("bench-aot", "--java", thisJava())).contains("is not JDK 24 or later")
                .contains("version \"" + Runtime.version().feature());
    }

    private static String thisJava() {
        return ProcessHandle.current().info().command().orElseThrow();
    }

    private String usageError(String... args) {
        FleetException e = catchThrowableOfType(FleetException.class,
                () -> new FleetCli(new PrintStream(new ByteArrayOutputStream()), root).run(args));
        assertThat(e).as("a usage error for %s", String.join(" ", args)).isNotNull();
        assertThat(e.exitCode()).isEqualTo(FleetException.USAGE);
        return e.getMessage();
    }
}
