package com.endcap.server.admin;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file whole, so a reader or a crash sees either the old content or the new, never a
 * mix: the content goes to {@code <name>.tmp} in the same directory, is fsynced, then atomically
 * moved over the target, and the directory is fsynced so the rename survives a power cut.
 * <p>
 * One writer per target at a time (callers serialise); the temporary name is fixed so a leftover
 * from a crash is found and removed by {@link #removeLeftover}.
 */
final class AtomicFile
{
    /** Writes a file's content. */
    @FunctionalInterface
    interface Content
    {
        /**
         * @param out destination; buffered, flushed and closed by the caller.
         * @throws IOException on write failure.
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile()
    {
    }

    /**
     * Replaces {@code target} with new content.
     *
     * @param target  the file.
     * @param content writes the new content.
     * @throws IOException when any step fails; {@code target} is then unchanged and the temporary
     *                     file removed.
     */
    static void write(final Path target, final Content content) throws IOException
    {
        final Path temp = temporary(target);
        try
        {
            try (FileChannel channel = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))
            {
                final OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException | RuntimeException ex)
        {
            try
            {
                if (Files.isRegularFile(temp))
                {
                    Files.delete(temp);
                }
            }
            catch (final IOException cleanup)
            {
                ex.addSuppressed(cleanup);
            }
            throw ex;
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * Removes a temporary file a crash left behind next to {@code target}.
     *
     * @param target the file.
     * @throws IOException when it cannot be removed.
     */
    static void removeLeftover(final Path target) throws IOException
    {
        final Path temp = temporary(target);
        if (Files.isRegularFile(temp))
        {
            Files.delete(temp);
        }
    }

    private static Path temporary(final Path target)
    {
        return target.resolveSibling(target.getFileName() + ".tmp");
    }

    private static void syncDirectory(final Path directory)
    {
        if (null == directory)
        {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ex)
        {
            // Some platforms cannot open or sync a directory; the rename is then as durable as the OS makes it.
        }
    }
}
