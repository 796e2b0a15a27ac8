package dev.agentfleet.dataanalysis.quality;

import java.math.BigDecimal;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** assess-quality policy; keys under {@code agentfleet.quality}. */
@ConfigMapping(prefix = "agentfleet.quality")
public interface QualityConfig {

    /** The largest refund an agent may promise without approval, in any currency unit. */
    @WithDefault("100")
    BigDecimal refundLimit();

    /** The overall score at or above which a resolution is acceptable. */
    @WithDefault("0.6")
    double passScore();
}
