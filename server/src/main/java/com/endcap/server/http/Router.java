package com.endcap.server.http;

import io.netty.handler.codec.http.HttpMethod;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes by path, then method. Patterns are paths whose {@code {}} segments match any one
 * segment (passed to the handler as {@link Exchange#param}). Fixed paths are one hash lookup;
 * patterns are tried in the order added. Built once at start; read-only afterwards.
 */
public final class Router
{
    private final Map<String, Route> fixed = new HashMap<>();
    private final List<Route> patterns = new ArrayList<>();

    /** A path and the handler per method. */
    static final class Route
    {
        final String pattern;
        final String[] segments;
        final boolean cors;
        final Map<HttpMethod, RouteHandler> handlers = new LinkedHashMap<>();
        String allow = "";

        Route(final String pattern, final boolean cors)
        {
            this.pattern = pattern;
            this.segments = pattern.substring(1).split("/", -1);
            this.cors = cors;
        }

        int paramCount()
        {
            int count = 0;
            for (final String segment : segments)
            {
                if ("{}".equals(segment))
                {
                    count++;
                }
            }
            return count;
        }
    }

    /** A matched route with its parameters. */
    record Match(Route route, String[] params)
    {
    }

    /**
     * Adds a handler.
     *
     * @param method  the method.
     * @param pattern the path, with {@code {}} for a parameter segment.
     * @param cors    whether browsers on other origins may call it (preflight included).
     * @param handler the handler.
     * @return this.
     */
    public Router add(final HttpMethod method, final String pattern, final boolean cors, final RouteHandler handler)
    {
        if (!pattern.startsWith("/"))
        {
            throw new IllegalArgumentException("pattern must start with /: " + pattern);
        }
        Route route = pattern.contains("{}") ? findPattern(pattern) : fixed.get(pattern);
        if (null == route)
        {
            route = new Route(pattern, cors);
            if (pattern.contains("{}"))
            {
                patterns.add(route);
            }
            else
            {
                fixed.put(pattern, route);
            }
        }
        else if (route.cors != cors)
        {
            throw new IllegalArgumentException("every method of " + pattern + " must agree on CORS");
        }
        if (null != route.handlers.put(method, handler))
        {
            throw new IllegalArgumentException(method + " " + pattern + " added twice");
        }
        final StringBuilder allow = new StringBuilder();
        for (final HttpMethod m : route.handlers.keySet())
        {
            allow.append(allow.length() == 0 ? "" : ", ").append(m.name());
        }
        if (route.cors)
        {
            allow.append(", OPTIONS");
        }
        route.allow = allow.toString();
        return this;
    }

    private Route findPattern(final String pattern)
    {
        for (final Route route : patterns)
        {
            if (route.pattern.equals(pattern))
            {
                return route;
            }
        }
        return null;
    }

    private static final String[] NO_PARAMS = new String[0];

    /**
     * @param path decoded request path.
     * @return the route and its parameters, or null when no route has this path.
     */
    Match match(final String path)
    {
        final Route exact = fixed.get(path);
        if (null != exact)
        {
            return new Match(exact, NO_PARAMS);
        }
        if (path.length() < 2)
        {
            return null;
        }
        final String[] segments = path.substring(1).split("/", -1);
        for (final Route route : patterns)
        {
            if (route.segments.length != segments.length)
            {
                continue;
            }
            final String[] params = new String[route.paramCount()];
            int p = 0;
            boolean matches = true;
            for (int i = 0; i < segments.length && matches; i++)
            {
                if ("{}".equals(route.segments[i]))
                {
                    if (segments[i].isEmpty())
                    {
                        matches = false;
                    }
                    else
                    {
                        params[p++] = segments[i];
                    }
                }
                else
                {
                    matches = route.segments[i].equals(segments[i]);
                }
            }
            if (matches)
            {
                return new Match(route, params);
            }
        }
        return null;
    }
}
