package dev.agentfleet.planning;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import dev.agentfleet.planning.accommodation.AccommodationRanker;
import dev.agentfleet.planning.accommodation.AccommodationRanking;
import dev.agentfleet.planning.accommodation.AccommodationRequest;
import dev.agentfleet.planning.itinerary.Itinerary;
import dev.agentfleet.planning.itinerary.ItineraryPlanner;
import dev.agentfleet.planning.itinerary.ItineraryRequest;
import dev.agentfleet.sdk.invocation.AgentFunction;
import io.quarkus.funqy.Funq;

/** The planning capability's functions. */
public class PlanningFunctions {

    @Inject
    ItineraryPlanner planner;

    @Inject
    AccommodationRanker ranker;

    /** A day-by-day plan within budget, outdoor visits on good-weather days, each day routed short. */
    @Funq("plan-itinerary")
    @AgentFunction
    public Itinerary planItinerary(@Valid @NotNull ItineraryRequest request) {
        return planner.plan(request);
    }

    /** Accommodations that fit the group and budget, ranked with the score explained. */
    @Funq("find-accommodation")
    @AgentFunction
    public AccommodationRanking findAccommodation(@Valid @NotNull AccommodationRequest request) {
        return ranker.rank(request);
    }
}
