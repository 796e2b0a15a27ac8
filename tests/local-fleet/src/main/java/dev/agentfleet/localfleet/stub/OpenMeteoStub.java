package dev.agentfleet.localfleet.stub;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for Open-Meteo's geocoding and forecast APIs, for running the fleet offline: {@code ./fleet up} starts
 * it and points the weather function at it. Geocoding knows a handful of cities; forecasts are synthetic but
 * deterministic (seeded by place and date) and shaped exactly like Open-Meteo's. Not real weather.
 */
public final class OpenMeteoStub {

    private record City(String name, double latitude, double longitude, String country, String timezone) {
    }

    private static final List<City> CITIES = List.of(
            new City("Paris", 48.85341, 2.3488, "France", "Europe/Paris"),
            new City("Lisbon", 38.71667, -9.13333, "Portugal", "Europe/Lisbon"),
            new City("Tokyo", 35.6895, 139.69171, "Japan", "Asia/Tokyo"),
            new City("New York", 40.71427, -74.00597, "United States", "America/New_York"),
            new City("London", 51.50853, -0.12574, "United Kingdom", "Europe/London"),
            new City("Berlin", 52.52437, 13.41053, "Germany", "Europe/Berlin"));

    private static final int[] CODES = { 0, 1, 2, 3, 45, 61, 63, 80, 95 };

    private OpenMeteoStub() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.createContext("/v1/search", OpenMeteoStub::search);
        server.createContext("/v1/forecast", OpenMeteoStub::forecast);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        System.out.println("open-meteo stub listening on 127.0.0.1:" + port + " (synthetic forecasts, not real weather)");
    }

    private static void search(HttpExchange exchange) throws IOException {
        String name = query(exchange.getRequestURI()).getOrDefault("name", "");
        String json = CITIES.stream().filter(c -> c.name().equalsIgnoreCase(name.trim())).findFirst()
                .map(c -> String.format(Locale.ROOT,
                        "{\"results\":[{\"id\":1,\"name\":\"%s\",\"latitude\":%s,\"longitude\":%s,\"country\":\"%s\",\"timezone\":\"%s\"}],"
                                + "\"generationtime_ms\":0.1}", c.name(), c.latitude(), c.longitude(), c.country(), c.timezone()))
                .orElse("{\"generationtime_ms\":0.1}");
        respond(exchange, 200, json);
    }

    private static void forecast(HttpExchange exchange) throws IOException {
        Map<String, String> q = query(exchange.getRequestURI());
        LocalDate start;
        LocalDate end;
        double latitude;
        double longitude;
        try {
            latitude = Double.parseDouble(q.get("latitude"));
            longitude = Double.parseDouble(q.get("longitude"));
            start = LocalDate.parse(q.get("start_date"));
            end = LocalDate.parse(q.get("end_date"));
        } catch (RuntimeException e) {
            respond(exchange, 400, "{\"error\":true,\"reason\":\"latitude, longitude, start_date and end_date are required\"}");
            return;
        }
        List<String> time = new ArrayList<>();
        List<String> max = new ArrayList<>();
        List<String> min = new ArrayList<>();
        List<String> rain = new ArrayList<>();
        List<String> sum = new ArrayList<>();
        List<String> wind = new ArrayList<>();
        List<String> code = new ArrayList<>();
        for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
            Random r = new Random(Math.round(latitude * 100) * 31 + Math.round(longitude * 100) * 17 + d.toEpochDay());
            double high = 8 + r.nextInt(200) / 10.0;
            int wmo = CODES[r.nextInt(CODES.length)];
            int chance = wmo >= 61 ? 60 + r.nextInt(40) : r.nextInt(30);
            time.add("\"" + d + "\"");
            max.add(String.valueOf(high));
            min.add(String.valueOf(Math.round((high - 5 - r.nextInt(5)) * 10) / 10.0));
            rain.add(String.valueOf(chance));
            sum.add(String.valueOf(wmo >= 61 ? Math.round(r.nextDouble() * 150) / 10.0 : 0.0));
            wind.add(String.valueOf(5 + r.nextInt(40)));
            code.add(String.valueOf(wmo));
        }
        respond(exchange, 200, String.format(Locale.ROOT,
                "{\"latitude\":%s,\"longitude\":%s,\"timezone\":\"GMT\",\"daily\":{\"time\":[%s],\"temperature_2m_max\":[%s],"
                        + "\"temperature_2m_min\":[%s],\"precipitation_probability_max\":[%s],\"precipitation_sum\":[%s],"
                        + "\"wind_speed_10m_max\":[%s],\"weather_code\":[%s]}}",
                latitude, longitude, String.join(",", time), String.join(",", max), String.join(",", min), String.join(",", rain),
                String.join(",", sum), String.join(",", wind), String.join(",", code)));
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("X-Agentfleet-Stub", "synthetic forecast");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
