package dev.agentfleet.customerservice.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KnowledgeBaseTest {

    private static final KnowledgeBase KB = new KnowledgeBase();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "I forgot my password and the reset email does not arrive | kb-account-password-reset",
            "The parcel says delivered but it is not here | kb-shipping-tracking",
            "How do I stop my subscription from renewing? | kb-cancel-subscription",
            "I see two charges for one invoice on my card | kb-billing-duplicate-charge",
            "The app freezes and shows a blank screen after the update | kb-tech-app-crash",
            "I lost my phone with the authenticator app | kb-account-two-factor" })
    void bm25FindsTheRightArticleFirst(String inquiry, String articleId) {
        assertThat(KB.search(inquiry, null, 3)).first().extracting(h -> h.article().id()).isEqualTo(articleId);
    }

    @Test
    void textWithNoKnownTermFindsNothing() {
        assertThat(KB.search("zzzqx vbnm", null, 3)).isEmpty();
        assertThat(KB.search("the and of", null, 3)).as("stop words only").isEmpty();
    }

    @Test
    void queryTextIsNotQuerySyntax() {
        assertThat(KB.search("password AND (reset OR \"email\") title:* ~2 ^3", null, 3)).isNotEmpty();
    }

    @Test
    void everyArticleFileIsIndexedWithSteps() throws IOException {
        Path kb = Path.of("src/main/resources/kb");
        try (Stream<Path> files = Files.list(kb)) {
            long markdown = files.filter(f -> f.toString().endsWith(".md")).count();
            assertThat(KB.size()).as("kb/index.txt lists every article").isEqualTo((int) markdown);
        }
        try (Stream<Path> files = Files.list(kb)) {
            files.filter(f -> f.toString().endsWith(".md")).forEach(f -> {
                Article a = KnowledgeBase.parse(read(f));
                assertThat(a.id()).as(f.toString()).isEqualTo(f.getFileName().toString().replace(".md", ""));
                assertThat(a.steps()).as(f.toString()).isNotEmpty();
            });
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
