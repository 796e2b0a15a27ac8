package dev.agentfleet.planning.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class RouteOptimizerTest {

    @Test
    void pointsOnALineAreVisitedInLineOrder() {
        // Shuffled points along the equator, 1 degree apart
        List<GeoPoint> points = List.of(p(0, 3), p(0, 0), p(0, 4), p(0, 1), p(0, 2));

        List<Integer> order = RouteOptimizer.order(points);

        assertThat(order).isIn(List.of(1, 3, 4, 0, 2), List.of(2, 0, 4, 3, 1));
        assertThat(RouteOptimizer.length(points, order)).isCloseTo(4 * 111.195, within(0.1));
    }

    @Test
    void twoOptRemovesACrossing() {
        // A crossing path over a unit square's corners: 0 -> 2 -> 1 -> 3 crosses itself; 2-opt uncrosses it.
        double[][] d = distances(List.of(p(0, 0), p(0, 1), p(1, 1), p(1, 0)));
        int[] crossed = { 0, 2, 1, 3 };

        int[] fixed = RouteOptimizer.twoOpt(crossed.clone(), d);

        assertThat(pathLength(fixed, d)).isLessThan(pathLength(crossed, d));
        assertThat(pathLength(fixed, d)).isCloseTo(3 * 111.19, within(1.0));
    }

    @Test
    void beatsOrMatchesPlainNearestNeighbour() {
        List<GeoPoint> points = List.of(p(48.8606, 2.3376), p(48.8584, 2.2945), p(48.8867, 2.3431), p(48.8462, 2.3372),
                p(48.8554, 2.3450), p(48.8738, 2.2950));
        double[][] d = distances(points);

        double optimized = RouteOptimizer.length(points, RouteOptimizer.order(points));

        for (int start = 0; start < points.size(); start++) {
            assertThat(optimized).isLessThanOrEqualTo(pathLength(RouteOptimizer.nearestNeighbour(start, d), d) + 1e-9);
        }
    }

    @Test
    void haversineParisToLondonIsAbout344Km() {
        assertThat(p(48.8566, 2.3522).distanceKm(p(51.5074, -0.1278))).isCloseTo(343.5, within(1.0));
    }

    private static GeoPoint p(double lat, double lon) {
        return new GeoPoint(lat, lon);
    }

    private static double[][] distances(List<GeoPoint> points) {
        double[][] d = new double[points.size()][points.size()];
        for (int i = 0; i < points.size(); i++) {
            for (int j = 0; j < points.size(); j++) {
                d[i][j] = points.get(i).distanceKm(points.get(j));
            }
        }
        return d;
    }

    private static double pathLength(int[] path, double[][] d) {
        double total = 0;
        for (int i = 1; i < path.length; i++) {
            total += d[path[i - 1]][path[i]];
        }
        return total;
    }
}
