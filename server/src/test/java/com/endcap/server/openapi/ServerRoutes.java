package com.endcap.server.openapi;

import com.endcap.server.http.Router;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a live {@link Router} routes, read through reflection: the router has no public listing,
 * and a list copied from {@code EndcapServer} would drift the way the document must not. When
 * the router's internals change, this fails loudly and names what it looked for.
 */
final class ServerRoutes
{
    private ServerRoutes()
    {
    }

    /**
     * @param router the server's router, after the server added its routes.
     * @return {@code "METHOD /path/{}"} → whether the route answers CORS, sorted; {@code {}} stands
     * for a path parameter, whatever the document calls it. CORS routes answer {@code OPTIONS} too.
     */
    static Map<String, Boolean> of(final Router router)
    {
        final Map<String, Boolean> routes = new TreeMap<>();
        try
        {
            final List<Object> all = new ArrayList<>(((Map<?, ?>)read(router, "fixed")).values());
            all.addAll((List<?>)read(router, "patterns"));
            for (final Object route : all)
            {
                final String pattern = (String)read(route, "pattern");
                final boolean cors = (Boolean)read(route, "cors");
                for (final Object method : ((Map<?, ?>)read(route, "handlers")).keySet())
                {
                    routes.put(method + " " + pattern, cors);
                }
                if (cors)
                {
                    routes.put("OPTIONS " + pattern, true);
                }
            }
        }
        catch (final ReflectiveOperationException | ClassCastException ex)
        {
            throw new IllegalStateException("Router's internals changed (expected fields fixed: Map<String, Route>, " +
                "patterns: List<Route>, Route.pattern, Route.cors, Route.handlers): update ServerRoutes", ex);
        }
        return routes;
    }

    /**
     * @param template an OpenAPI path template, e.g. {@code /v1/inventory/{location}/{sku}}.
     * @return the router's form of it, {@code /v1/inventory/{}/{}}.
     */
    static String routerPattern(final String template)
    {
        return template.replaceAll("\\{[^/}]+}", "{}");
    }

    private static Object read(final Object target, final String name) throws ReflectiveOperationException
    {
        final Field field = target.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(target);
    }
}
