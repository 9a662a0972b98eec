package com.endcap.benchmarks.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the reference tools (nginx, wrk) on this Debian machine and installs the Debian package
 * when one is missing and this process runs as root ({@code apt-get install -y PACKAGE}, bounded in
 * time). Stateless.
 */
final class DebianTools
{
    private static final List<String> DIRECTORIES = List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/sbin",
        "/bin");

    private DebianTools()
    {
    }

    /**
     * @param command the program's name.
     * @param pkg     the Debian package that has it.
     * @param out     where to say what happens.
     * @return its path.
     * @throws IOException          when it is missing and cannot be installed.
     * @throws InterruptedException when interrupted while installing.
     */
    static Path require(final String command, final String pkg, final PrintStream out) throws IOException, InterruptedException
    {
        Path found = find(command);
        if (null != found)
        {
            return found;
        }
        if (!"root".equals(System.getProperty("user.name")))
        {
            throw new IOException(command + " is not installed; install it with: sudo apt-get install -y " + pkg +
                " (or run with --no-" + command + ")");
        }
        out.println(command + " is missing: apt-get install -y " + pkg);
        final Process install = new ProcessBuilder("apt-get", "install", "-y", pkg).inheritIO().start();
        if (!install.waitFor(300, java.util.concurrent.TimeUnit.SECONDS))
        {
            install.destroyForcibly();
            throw new IOException("apt-get install " + pkg + " did not finish within 5 minutes");
        }
        found = find(command);
        if (null == found)
        {
            throw new IOException("apt-get install " + pkg + " exited " + install.exitValue() + " and " + command +
                " is still missing (try apt-get update first, or run with --no-" + command + ")");
        }
        return found;
    }

    private static Path find(final String command)
    {
        for (final String dir : DIRECTORIES)
        {
            final Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
