package io.blufio.channel.gateway;

/**
 * One route; {@code {name}} segments of the template bind to {@link Request#pathParam(String)}.
 *
 * @param method HTTP method, upper case
 * @param pathTemplate e.g. {@code /v1/sessions/{id}/messages}
 * @param signed true when the request must carry a valid device signature (every {@code /v1/*} route)
 * @param handler what answers
 */
public record Route(String method, String pathTemplate, boolean signed, Handler handler) {
    public Route {
        if (pathTemplate.startsWith("/v1/") && !signed) {
            throw new IllegalArgumentException("every /v1/ route is signed: " + method + " " + pathTemplate);
        }
    }

    /** Returns the path parameters when {@code path} matches, else null. */
    java.util.Map<String, String> match(String path) {
        String[] t = pathTemplate.split("/", -1);
        String[] p = path.split("/", -1);
        if (t.length != p.length) return null;
        java.util.Map<String, String> params = new java.util.HashMap<>();
        for (int i = 0; i < t.length; i++) {
            if (t[i].startsWith("{") && t[i].endsWith("}")) {
                if (p[i].isEmpty()) return null;
                params.put(t[i].substring(1, t[i].length() - 1), p[i]);
            } else if (!t[i].equals(p[i])) {
                return null;
            }
        }
        return params;
    }
}
