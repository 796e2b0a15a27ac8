package dev.agentfleet.planning.catalog;

import java.util.List;
import java.util.Set;

/** Points of interest by destination. The shipped catalog implements it; a provider API can replace it. */
public interface PoiCatalog {

    /** The destination's points of interest; empty when the destination is unknown. */
    List<PointOfInterest> pointsOfInterest(String destination);

    /** The destinations it knows, for error messages. */
    Set<String> destinations();

    /** The currency of its prices. */
    String currency();
}
