package dev.agentfleet.customerservice.resolve;

import java.util.List;

/**
 * A knowledge-base article ({@code src/main/resources/kb/*.md}).
 *
 * @param summary the text before its {@code ## Steps} section
 * @param steps   the numbered steps of that section
 */
public record Article(String id, String title, String category, String summary, List<String> steps) {
}
