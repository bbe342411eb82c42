package io.blufio.config;

/**
 * {@code [routing]}: optional choice of a model by the difficulty of the message.
 *
 * @param enabled route at all
 * @param simpleModel model for short, simple messages
 * @param standardModel model for ordinary messages
 * @param complexModel model for long or hard messages
 */
public record RoutingConfig(Boolean enabled, String simpleModel, String standardModel, String complexModel) {
    public RoutingConfig {
        enabled = Check.or(enabled, Boolean.FALSE);
    }
}
