package io.blufio.ops;

import io.blufio.agent.Agent;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * <b>Test only, off by default.</b> With {@code BLUFIO_TEST_WEDGE_DISPATCHER=1} in the environment of
 * {@code serve}, the inbox dispatcher blocks for good at the first pass that finds a pending message (before
 * leasing it). Its {@code lastDispatchAt} stops moving, which is how the sd_notify test proves that a wedged
 * consumer stops the watchdog pings. The variable is not a config key; never set it in production.
 */
public final class WedgeHook {
    /** The environment variable that turns the hook on (value {@code 1}). */
    public static final String ENV = "BLUFIO_TEST_WEDGE_DISPATCHER";
    private static final Logger log = LoggerFactory.getLogger(WedgeHook.class);

    private WedgeHook() {}

    /** Installs the wedge when {@link #ENV} is {@code 1}; call before {@link Agent#start()}. */
    public static void install(Agent agent, Map<String, String> env) {
        if (!"1".equals(env.get(ENV))) return;
        log.warn("{}=1: the first message will wedge the inbox dispatcher (a test hook; unset it)", ENV);
        CountDownLatch never = new CountDownLatch(1);
        agent.beforeDispatch(pending -> {
            if (pending == 0) return;
            try {
                never.await();  // interruptible, so shutdown still ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
