package com.endcap.inventory.store;

import net.openhft.chronicle.hash.VanillaGlobalMutableState;
import net.openhft.chronicle.values.ValueModel;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Build step (run by the inventory-sync pom after compile, never at run time): writes the
 * {@code $$Native} classes that Chronicle Values would otherwise generate and compile with javac
 * the first time a process opens a Chronicle Map.
 * <p>
 * Why: every map keeps its header state ({@link VanillaGlobalMutableState}, a Chronicle Values
 * interface) through {@code Values.newNativeReference}. Chronicle first asks the class loader for
 * {@code <interface>$$Native} and only generates the class when that is missing. Generating means
 * loading javac (about 1,100 classes) and compiling in the starting process: roughly a second of an
 * empty server start. Compiling Chronicle's own generated source here, with the Chronicle jars the
 * build uses, gives the class loader a class of exactly the layout Chronicle would have generated,
 * so map files are the same either way; a Chronicle upgrade regenerates it on the next build.
 * <p>
 * Usage: {@code PregeneratedValueClasses <classes dir> <generated sources dir>}, with the module's
 * runtime class path and the project's JVM flags (Chronicle's reflective opens).
 */
public final class PregeneratedValueClasses
{
    /** The Chronicle Values interfaces the process would otherwise compile at run time. */
    static final List<Class<?>> VALUE_INTERFACES = List.of(VanillaGlobalMutableState.class);

    private PregeneratedValueClasses()
    {
    }

    /**
     * @param args the classes directory to write into, then the directory for the generated sources.
     */
    public static void main(final String[] args)
    {
        if (2 != args.length)
        {
            throw new IllegalArgumentException("usage: PregeneratedValueClasses <classes dir> <generated sources dir>");
        }
        final Path classes = Path.of(args[0]);
        final Path sources = Path.of(args[1]);
        for (final Class<?> valueInterface : VALUE_INTERFACES)
        {
            final Path source = writeSource(valueInterface, sources);
            compile(source, classes);
        }
    }

    /**
     * @param valueInterface a Chronicle Values interface.
     * @return the name Chronicle looks its native implementation up by.
     */
    static String nativeClassName(final Class<?> valueInterface)
    {
        return valueInterface.getName() + ValueModel.$$NATIVE;
    }

    /**
     * @param valueInterface a Chronicle Values interface.
     * @return the Java source Chronicle Values generates for its native implementation.
     */
    static String nativeSource(final Class<?> valueInterface)
    {
        // Chronicle Values' generator is package-private: the public path (Values.nativeClassFor)
        // generates and compiles in one go and keeps no class file.
        final String simpleName = valueInterface.getSimpleName() + ValueModel.$$NATIVE;
        try
        {
            final Method generate = Class.forName("net.openhft.chronicle.values.Generators")
                .getDeclaredMethod("generateNativeClass", ValueModel.class, String.class);
            generate.setAccessible(true);
            return (String)generate.invoke(null, ValueModel.acquire(valueInterface), simpleName);
        }
        catch (final ClassNotFoundException | NoSuchMethodException | IllegalAccessException ex)
        {
            throw new IllegalStateException(
                "this Chronicle Values version has no Generators.generateNativeClass(ValueModel, String); " +
                "update PregeneratedValueClasses for it", ex);
        }
        catch (final InvocationTargetException ex)
        {
            throw new IllegalStateException("Chronicle Values could not generate " + simpleName, ex.getCause());
        }
    }

    private static Path writeSource(final Class<?> valueInterface, final Path sources)
    {
        final Path file = sources.resolve(nativeClassName(valueInterface).replace('.', '/') + ".java");
        try
        {
            Files.createDirectories(file.getParent());
            Files.writeString(file, nativeSource(valueInterface), StandardCharsets.UTF_8);
            return file;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }

    private static void compile(final Path source, final Path classes)
    {
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (null == javac)
        {
            throw new IllegalStateException("no system Java compiler: run the build on a JDK");
        }
        final int status = javac.run(null, null, null,
            "--release", "17", "-proc:none", "-nowarn", "-encoding", "UTF-8",
            "-classpath", System.getProperty("java.class.path"),
            "-d", classes.toString(),
            source.toString());
        if (0 != status)
        {
            throw new IllegalStateException("javac failed (" + status + ") on " + source);
        }
    }
}
