package dev.agentfleet.planning.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agentfleet.planning.geo.GeoPoint;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The catalog shipped with the function ({@code src/main/resources/catalog/*.json}): points of interest and
 * accommodations for Paris, Lisbon, Tokyo and New York, prices in EUR. Loaded at start-up, so a broken catalog stops
 * the application from starting instead of failing requests.
 */
@Startup
@Singleton
public class ShippedCatalog implements PoiCatalog, AccommodationCatalog {

    @RegisterForReflection
    record PoiFile(String currency, List<PoiEntry> pointsOfInterest) {
    }

    @RegisterForReflection
    record PoiEntry(String id, String city, String name, String category, boolean indoor, double latitude, double longitude,
            int durationMinutes, BigDecimal costPerPerson, double rating, String opens, String closes, List<DayOfWeek> closedOn) {
    }

    @RegisterForReflection
    record AccommodationFile(String currency, List<AccommodationEntry> accommodations) {
    }

    @RegisterForReflection
    record AccommodationEntry(String id, String city, String name, double latitude, double longitude, BigDecimal pricePerNight,
            int capacity, double rating) {
    }

    private final String currency;
    private final Map<String, List<PointOfInterest>> pois;
    private final Map<String, List<Accommodation>> stays;
    private final Set<String> destinations;

    public ShippedCatalog(ObjectMapper mapper) {
        PoiFile poiFile = read(mapper, "catalog/points-of-interest.json", PoiFile.class);
        AccommodationFile stayFile = read(mapper, "catalog/accommodations.json", AccommodationFile.class);
        this.currency = poiFile.currency();
        this.pois = poiFile.pointsOfInterest().stream().map(ShippedCatalog::toPoi)
                .collect(Collectors.groupingBy(p -> key(p.city())));
        this.stays = stayFile.accommodations().stream()
                .map(a -> new Accommodation(a.id(), a.city(), a.name(), new GeoPoint(a.latitude(), a.longitude()), a.pricePerNight(),
                        a.capacity(), a.rating()))
                .collect(Collectors.groupingBy(a -> key(a.city())));
        this.destinations = poiFile.pointsOfInterest().stream().map(PoiEntry::city).collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    public List<PointOfInterest> pointsOfInterest(String destination) {
        return pois.getOrDefault(key(destination), List.of());
    }

    @Override
    public List<Accommodation> accommodations(String destination) {
        return stays.getOrDefault(key(destination), List.of());
    }

    @Override
    public Set<String> destinations() {
        return destinations;
    }

    @Override
    public String currency() {
        return currency;
    }

    private static PointOfInterest toPoi(PoiEntry e) {
        Set<DayOfWeek> closed = e.closedOn() == null || e.closedOn().isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(e.closedOn());
        return new PointOfInterest(e.id(), e.city(), e.name(), e.category(), e.indoor(), new GeoPoint(e.latitude(), e.longitude()),
                e.durationMinutes(), e.costPerPerson(), e.rating(), LocalTime.parse(e.opens()), LocalTime.parse(e.closes()), closed);
    }

    private static String key(String city) {
        return city.trim().toLowerCase(Locale.ROOT);
    }

    private static <T> T read(ObjectMapper mapper, String resource, Class<T> type) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing catalog resource " + resource);
            }
            return mapper.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
