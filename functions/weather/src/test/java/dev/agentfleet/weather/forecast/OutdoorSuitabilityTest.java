package dev.agentfleet.weather.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutdoorSuitabilityTest {

    @Test
    void perfectDayIsOne() {
        assertThat(OutdoorSuitability.of(22.0, 0, 10.0, 0)).isEqualTo(1.0);
    }

    @Test
    void rainyWindyCoolDayFollowsTheFormula() {
        // rain 1 - 0.8 * 0.9 = 0.28; temperature 1 - (18 - 14.2) / 15 = 0.7467; wind 1 - (45 - 20) / 50 = 0.5; sky 1
        assertThat(OutdoorSuitability.of(14.2, 90, 45.0, 63)).isEqualTo(0.10);
    }

    @Test
    void thunderstormCapsTheScore() {
        assertThat(OutdoorSuitability.of(24.0, 0, 5.0, 95)).isEqualTo(0.3);
    }

    @Test
    void extremesBottomOut() {
        assertThat(OutdoorSuitability.of(45.0, 0, 5.0, 0)).isZero();
        assertThat(OutdoorSuitability.of(22.0, 0, 200.0, 0)).isEqualTo(0.2);
    }

    @Test
    void missingValuesAreNeutral() {
        assertThat(OutdoorSuitability.of(null, null, null, null)).isEqualTo(1.0);
    }

    @Test
    void wmoCodesHaveNames() {
        assertThat(WmoCondition.describe(63)).isEqualTo("Moderate rain");
        assertThat(WmoCondition.describe(42)).isEqualTo("Unknown (WMO 42)");
    }
}
