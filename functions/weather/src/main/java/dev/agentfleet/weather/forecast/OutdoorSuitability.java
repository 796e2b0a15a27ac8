package dev.agentfleet.weather.forecast;

/**
 * How good a day is for outdoor visits, 0..1: the product of four factors, rounded to two decimals.
 * <ul>
 *   <li>rain: {@code 1 - 0.8 * precipitationProbability / 100};</li>
 *   <li>temperature: 1 when the maximum is within 18..26 °C, falling by 1/15 per degree outside it, at least 0;</li>
 *   <li>wind: 1 up to 20 km/h, then {@code 1 - (wind - 20) / 50}, at least 0.2;</li>
 *   <li>sky: 0.3 for thunderstorms (WMO 95-99), 0.6 for snow (71-77, 85, 86), 0.8 for fog (45, 48), otherwise 1.</li>
 * </ul>
 * A missing value counts as neutral (factor 1).
 */
public final class OutdoorSuitability {

    private OutdoorSuitability() {
    }

    public static double of(Double temperatureMax, Integer precipitationProbability, Double windSpeedMax, Integer weatherCode) {
        double rain = precipitationProbability == null ? 1 : 1 - 0.8 * precipitationProbability / 100.0;
        double temperature = 1;
        if (temperatureMax != null) {
            double outside = temperatureMax < 18 ? 18 - temperatureMax : temperatureMax > 26 ? temperatureMax - 26 : 0;
            temperature = Math.max(0, 1 - outside / 15);
        }
        double wind = windSpeedMax == null || windSpeedMax <= 20 ? 1 : Math.max(0.2, 1 - (windSpeedMax - 20) / 50);
        double sky = 1;
        if (weatherCode != null) {
            sky = WmoCondition.isThunderstorm(weatherCode) ? 0.3 : WmoCondition.isSnow(weatherCode) ? 0.6 : WmoCondition.isFog(weatherCode) ? 0.8 : 1;
        }
        double score = Math.max(0, Math.min(1, rain * temperature * wind * sky));
        return Math.round(score * 100) / 100.0;
    }
}
