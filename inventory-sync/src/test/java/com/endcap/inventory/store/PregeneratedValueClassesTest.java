package com.endcap.inventory.store;

import net.openhft.chronicle.bytes.Byteable;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.hash.VanillaGlobalMutableState;
import net.openhft.chronicle.values.Values;
import net.openhft.compiler.CompilerUtils;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build's pregenerated Chronicle Values classes: Chronicle picks them up instead of compiling
 * its own, and they lay the map header out byte for byte as Chronicle's generator does today, so
 * map files written by either open with the other.
 */
class PregeneratedValueClassesTest
{
    @Test
    void chronicleUsesTheBuildsClassInsteadOfCompilingOne()
    {
        // when
        final Class<?> used = Values.nativeClassFor(VanillaGlobalMutableState.class);

        // then: loaded from the class path (a class compiled at run time has no code source)
        assertThat(used.getName()).isEqualTo(PregeneratedValueClasses.nativeClassName(VanillaGlobalMutableState.class));
        assertThat(used.getClassLoader()).isSameAs(VanillaGlobalMutableState.class.getClassLoader());
        assertThat(used.getProtectionDomain().getCodeSource()).isNotNull();
        assertThat(used.getProtectionDomain().getCodeSource().getLocation()).isNotNull();
    }

    @Test
    void theBuildsHeaderClassReadsAndWritesTheBytesOfTheClassChronicleGeneratesNow() throws Exception
    {
        // given: Chronicle's generator run now, compiled under another name beside the build's class
        final String builtName = PregeneratedValueClasses.nativeClassName(VanillaGlobalMutableState.class);
        final String freshName = builtName.replace("$$Native", "$$FreshForTest");
        final String source = PregeneratedValueClasses.nativeSource(VanillaGlobalMutableState.class)
            .replace("VanillaGlobalMutableState$$Native", "VanillaGlobalMutableState$$FreshForTest");
        final Class<?> freshClass = CompilerUtils.CACHED_COMPILER.loadFromJava(
            VanillaGlobalMutableState.class.getClassLoader(), freshName, source);
        final VanillaGlobalMutableState built = Values.newNativeReference(VanillaGlobalMutableState.class);
        final VanillaGlobalMutableState fresh = (VanillaGlobalMutableState)freshClass.getDeclaredConstructor().newInstance();
        assertThat(((Byteable)built).maxSize()).isEqualTo(((Byteable)fresh).maxSize());
        final int size = (int)((Byteable)built).maxSize();

        final long seed = System.nanoTime();
        System.out.println("theBuildsHeaderClassReadsAndWritesTheBytesOfTheClassChronicleGeneratesNow seed=" + seed);
        final Random random = new Random(seed);
        for (int round = 0; round < 200; round++)
        {
            final byte[] viaBuilt = new byte[size + 8];
            final byte[] viaFresh = new byte[size + 8];
            random.nextBytes(viaBuilt);
            System.arraycopy(viaBuilt, 0, viaFresh, 0, viaBuilt.length);
            ((Byteable)built).bytesStore(BytesStore.wrap(viaBuilt), 4, size);
            ((Byteable)fresh).bytesStore(BytesStore.wrap(viaFresh), 4, size);

            // when: the same values are written through each
            final int bulks = random.nextInt(1 << 24);
            final long freeTier = random.nextLong() & ((1L << 40) - 1);
            final long tiersInUse = random.nextLong() & ((1L << 40) - 1);
            final long segmentHeaders = random.nextLong() & 0xFFFF_FFFFL;
            final long dataStoreSize = random.nextLong() & Long.MAX_VALUE;
            for (final VanillaGlobalMutableState state : new VanillaGlobalMutableState[] {built, fresh})
            {
                state.setAllocatedExtraTierBulks(bulks);
                state.setFirstFreeTierIndex(freeTier);
                state.setExtraTiersInUse(tiersInUse);
                state.setSegmentHeadersOffset(segmentHeaders);
                state.setDataStoreSize(dataStoreSize);
            }

            // then: the same bytes, and each reads what the other wrote
            assertThat(viaBuilt).as("seed %d", seed).isEqualTo(viaFresh);
            ((Byteable)fresh).bytesStore(BytesStore.wrap(viaBuilt), 4, size);
            ((Byteable)built).bytesStore(BytesStore.wrap(Arrays.copyOf(viaFresh, viaFresh.length)), 4, size);
            for (final VanillaGlobalMutableState state : new VanillaGlobalMutableState[] {built, fresh})
            {
                assertThat(state.getAllocatedExtraTierBulks()).isEqualTo(bulks);
                assertThat(state.getFirstFreeTierIndex()).isEqualTo(freeTier);
                assertThat(state.getExtraTiersInUse()).isEqualTo(tiersInUse);
                assertThat(state.getSegmentHeadersOffset()).isEqualTo(segmentHeaders);
                assertThat(state.getDataStoreSize()).isEqualTo(dataStoreSize);
            }
        }
    }
}
