package com.endcap.benchmarks.load;

import com.endcap.server.EndcapMain;

import java.io.IOException;

/**
 * The server JVM the harness starts: exactly {@code endcap <args>} ({@link EndcapMain}, e.g.
 * {@code serve --config FILE}), plus a watchdog that exits the JVM, through the server's own
 * graceful shutdown hook, as soon as its standard input ends. The harness holds the other end of
 * that pipe, so the server stops when the harness closes it and also when the harness dies in any
 * way, even {@code kill -9}: no server outlives a run.
 */
public final class LoadServer
{
    private LoadServer()
    {
    }

    /**
     * @param args {@link EndcapMain}'s arguments.
     */
    public static void main(final String[] args)
    {
        final Thread watchdog = new Thread(() ->
        {
            try
            {
                while (System.in.read() >= 0)
                {
                    // Anything the harness writes is ignored; only the end of input matters.
                }
            }
            catch (final IOException ex)
            {
                // A broken pipe means the harness is gone: stop as for end of input.
            }
            System.exit(0);
        }, "load-server-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        EndcapMain.main(args);
    }
}
