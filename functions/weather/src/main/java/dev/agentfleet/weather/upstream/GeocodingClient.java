package dev.agentfleet.weather.upstream;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Open-Meteo's geocoding API; base URL {@code quarkus.rest-client.geocoding.url}. */
@RegisterRestClient(configKey = "geocoding")
@Path("/v1/search")
public interface GeocodingClient {

    @GET
    GeocodingResponse search(@QueryParam("name") String name, @QueryParam("count") int count, @QueryParam("language") String language,
            @QueryParam("format") String format);
}
