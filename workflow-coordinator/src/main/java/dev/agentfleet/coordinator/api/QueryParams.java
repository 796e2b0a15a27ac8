package dev.agentfleet.coordinator.api;

import java.util.List;

import dev.agentfleet.sdk.problem.FieldError;

/** Query parameters as the API reads them: a bad one is named in the 400 problem, never a 500. */
final class QueryParams {

    private QueryParams() {
    }

    /**
     * {@code value} as a whole number from {@code min} to {@code max}, {@code fallback} when absent; a value out of range
     * or not a number adds an error naming {@code field} (and gives {@code fallback}, so every bad field is named at once).
     */
    static int wholeNumber(String field, String value, int min, int max, int fallback, List<FieldError> errors) {
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        errors.add(new FieldError(field, "must be a whole number from " + min + " to " + max + ", was "
                + (value.length() > 20 ? value.substring(0, 20) + "…" : value)));
        return fallback;
    }

    /**
     * {@code value} as epoch milliseconds: an ISO-8601 instant ({@code 2026-12-03T10:00:00Z}) or a whole number of
     * milliseconds; {@code fallback} when absent; anything else adds an error naming {@code field}.
     */
    static long instant(String field, String value, long fallback, List<FieldError> errors) {
        if (value == null) {
            return fallback;
        }
        try {
            return value.matches("\\d{1,15}") ? Long.parseLong(value) : java.time.Instant.parse(value).toEpochMilli();
        } catch (java.time.format.DateTimeParseException | ArithmeticException e) {
            errors.add(new FieldError(field, "must be an ISO-8601 instant such as 2026-12-03T10:00:00Z, or epoch milliseconds, was "
                    + (value.length() > 40 ? value.substring(0, 40) + "…" : value)));
            return fallback;
        }
    }
}
