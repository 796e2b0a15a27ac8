package dev.agentfleet.weather.upstream;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Open-Meteo's forecast API; base URL {@code quarkus.rest-client.forecast.url}. */
@RegisterRestClient(configKey = "forecast")
@Path("/v1/forecast")
public interface ForecastClient {

    @GET
    ForecastResponse daily(@QueryParam("latitude") double latitude, @QueryParam("longitude") double longitude,
            @QueryParam("daily") String daily, @QueryParam("timezone") String timezone, @QueryParam("start_date") String startDate,
            @QueryParam("end_date") String endDate);
}
