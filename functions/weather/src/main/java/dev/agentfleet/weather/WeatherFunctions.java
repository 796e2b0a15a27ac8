package dev.agentfleet.weather;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import dev.agentfleet.sdk.invocation.AgentFunction;
import dev.agentfleet.weather.forecast.Forecast;
import dev.agentfleet.weather.forecast.ForecastRequest;
import dev.agentfleet.weather.forecast.ForecastService;
import io.quarkus.funqy.Funq;

/** The weather capability's function. */
public class WeatherFunctions {

    @Inject
    ForecastService forecasts;

    /** A daily forecast with an outdoor-suitability score per day. */
    @Funq("forecast")
    @AgentFunction
    public Forecast forecast(@Valid @NotNull ForecastRequest request) {
        return forecasts.forecast(request);
    }
}
