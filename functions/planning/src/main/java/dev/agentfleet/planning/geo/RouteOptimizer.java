package dev.agentfleet.planning.geo;

import java.util.ArrayList;
import java.util.List;

/**
 * Orders a day's stops as a short open path: nearest-neighbour from every possible first stop, each improved by
 * 2-opt (reverse a segment while that shortens the path), keeping the shortest. Exact enough for the handful of
 * stops a day holds; O(n^3) per start.
 */
public final class RouteOptimizer {

    private RouteOptimizer() {
    }

    /** The order (indexes into {@code points}) of the shortest path found. */
    public static List<Integer> order(List<GeoPoint> points) {
        int n = points.size();
        if (n <= 2) {
            List<Integer> trivial = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                trivial.add(i);
            }
            return trivial;
        }
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                d[i][j] = points.get(i).distanceKm(points.get(j));
            }
        }
        int[] best = null;
        double bestLength = Double.MAX_VALUE;
        for (int start = 0; start < n; start++) {
            int[] path = twoOpt(nearestNeighbour(start, d), d);
            double length = length(path, d);
            if (length < bestLength - 1e-12) {
                bestLength = length;
                best = path;
            }
        }
        List<Integer> order = new ArrayList<>(n);
        for (int i : best) {
            order.add(i);
        }
        return order;
    }

    /** Length of the open path through {@code points} in the given order, in km. */
    public static double length(List<GeoPoint> points, List<Integer> order) {
        double total = 0;
        for (int i = 1; i < order.size(); i++) {
            total += points.get(order.get(i - 1)).distanceKm(points.get(order.get(i)));
        }
        return total;
    }

    static int[] nearestNeighbour(int start, double[][] d) {
        int n = d.length;
        int[] path = new int[n];
        boolean[] used = new boolean[n];
        path[0] = start;
        used[start] = true;
        for (int k = 1; k < n; k++) {
            int from = path[k - 1];
            int next = -1;
            for (int j = 0; j < n; j++) {
                if (!used[j] && (next < 0 || d[from][j] < d[from][next])) {
                    next = j;
                }
            }
            path[k] = next;
            used[next] = true;
        }
        return path;
    }

    /** 2-opt for an open path: reversing path[i..j] changes only the edges (i-1,i) and (j,j+1), if they exist. */
    static int[] twoOpt(int[] path, double[][] d) {
        int n = path.length;
        boolean improved = true;
        while (improved) {
            improved = false;
            for (int i = 0; i < n - 1; i++) {
                for (int j = i + 1; j < n; j++) {
                    double before = (i > 0 ? d[path[i - 1]][path[i]] : 0) + (j < n - 1 ? d[path[j]][path[j + 1]] : 0);
                    double after = (i > 0 ? d[path[i - 1]][path[j]] : 0) + (j < n - 1 ? d[path[i]][path[j + 1]] : 0);
                    if (after < before - 1e-9) {
                        for (int a = i, b = j; a < b; a++, b--) {
                            int t = path[a];
                            path[a] = path[b];
                            path[b] = t;
                        }
                        improved = true;
                    }
                }
            }
        }
        return path;
    }

    private static double length(int[] path, double[][] d) {
        double total = 0;
        for (int i = 1; i < path.length; i++) {
            total += d[path[i - 1]][path[i]];
        }
        return total;
    }
}
