package org.mmreview.cparse;

/**
 * A file parsed in a configuration other than the main one.
 *
 * @param result the whole file as that configuration shows it
 * @param configuration which branches it takes, and the lines only it shows
 */
public record ConfigurationParse(ParseResult result, Configuration configuration) {}
