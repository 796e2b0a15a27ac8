package dev.agentfleet.planning.catalog;

import java.util.List;
import java.util.Set;

/** Accommodations by destination. The shipped catalog implements it; a provider API can replace it. */
public interface AccommodationCatalog {

    /** The destination's accommodations; empty when the destination is unknown. */
    List<Accommodation> accommodations(String destination);

    Set<String> destinations();

    String currency();
}
