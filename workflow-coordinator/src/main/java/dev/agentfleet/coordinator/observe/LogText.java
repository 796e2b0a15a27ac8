package dev.agentfleet.coordinator.observe;

/** Text from outside (an event's source or id, a token's subject) in a log line: one line, bounded. */
public final class LogText {

    static final int MAX = 200;

    private LogText() {
    }

    /** Control and line-separator characters escaped (no forged log lines), cut at {@value #MAX} characters. */
    public static String of(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX) + 8);
        for (int i = 0; i < value.length() && out.length() < MAX; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return value.length() > MAX && out.length() >= MAX ? out + "..." : out.toString();
    }
}
