package io.blufio.config;

import java.util.List;

/**
 * {@code [tools]}: which tool groups the model may use and their limits.
 *
 * @param enabled groups: {@code clock}, {@code http_fetch}, {@code workspace}, {@code memory}, {@code schedules} (all by default)
 * @param workspaceDir root of the workspace tools; null means {@code <data dir>/workspace}
 * @param httpAllowPrivate CIDRs exempt from the SSRF guard
 * @param httpMaxBytes largest response body read by {@code http_fetch}, bytes
 * @param httpTimeoutS whole seconds one fetch may take, connect, headers and body of every redirect included
 * @param workspaceMaxMb MiB the workspace may hold on disk in all (files rounded up to 4 KiB blocks); a
 *     write past it is refused; default 100
 */
public record ToolsConfig(List<ToolGroup> enabled, String workspaceDir, List<String> httpAllowPrivate,
        Integer httpMaxBytes, Integer httpTimeoutS, Integer workspaceMaxMb) {
    /** Every tool group there is. */
    public static final List<ToolGroup> GROUPS = List.of(ToolGroup.values());

    public ToolsConfig {
        enabled = enabled == null ? GROUPS : List.copyOf(enabled);
        httpAllowPrivate = httpAllowPrivate == null ? List.of() : List.copyOf(httpAllowPrivate);
        httpMaxBytes = Check.atLeast("tools.http_max_bytes", Check.or(httpMaxBytes, 1048576), 1);
        httpTimeoutS = Check.atLeast("tools.http_timeout_s", Check.or(httpTimeoutS, 20), 1);
        workspaceMaxMb = Check.atLeast("tools.workspace_max_mb", Check.or(workspaceMaxMb, 100), 1);
    }
}
