package com.endcap.server.admin;

import com.endcap.bidder.campaign.Ad;
import com.endcap.bidder.campaign.BidModel;
import com.endcap.bidder.campaign.Campaign;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CampaignRepositoryTest
{
    @TempDir
    Path dataDir;

    @Test
    void opensEmptyCreatingTheDataDirectory()
    {
        // given
        final Path dir = dataDir.resolve("nested").resolve("data");

        // when
        final CampaignRepository target = CampaignRepository.open(dir);

        // then
        assertThat(Files.isDirectory(dir)).isTrue();
        assertThat(target.all()).isEmpty();
        assertThat(target.get("any")).isNull();
        assertThat(target.version()).isZero();
    }

    @Test
    void putAllStoresManyWithOneWriteThatSurvivesAReopen()
    {
        // given
        final CampaignRepository target = CampaignRepository.open(dataDir);
        target.put(AdminFixtures.simple("c0"));
        final long before = target.version();

        // when
        target.putAll(java.util.List.of(AdminFixtures.simple("c1"), AdminFixtures.simple("c2"), AdminFixtures.simple("c3")));

        // then: one visible change, every campaign there and on disk
        assertThat(target.version()).isEqualTo(before + 1);
        assertThat(target.all()).extracting(Campaign::id).containsExactly("c0", "c1", "c2", "c3");
        assertThat(CampaignRepository.open(dataDir).all()).extracting(Campaign::id).containsExactly("c0", "c1", "c2", "c3");
    }

    @Test
    void putAddsThenReplacesByIdAndGetReturnsTheLatest()
    {
        // given
        final CampaignRepository target = CampaignRepository.open(dataDir);
        final Campaign first = AdminFixtures.simple("c1");
        final Campaign replacement = renamed(first, "Renamed");

        // when
        final boolean replacedOnAdd = target.put(first);
        final boolean replacedOnReplace = target.put(replacement);

        // then
        assertThat(replacedOnAdd).isFalse();
        assertThat(replacedOnReplace).isTrue();
        assertThat(target.get("c1")).isEqualTo(replacement);
        assertThat(target.all()).containsExactly(replacement);
    }

    @Test
    void allIsSortedById()
    {
        // given
        final CampaignRepository target = CampaignRepository.open(dataDir);

        // when
        Stream.of("c3", "a9", "b1", "c10").map(AdminFixtures::simple).forEach(target::put);

        // then
        assertThat(target.all()).extracting(Campaign::id).containsExactly("a9", "b1", "c10", "c3");
        assertThat(target.size()).isEqualTo(4);
    }

    @Test
    void deleteRemovesAndReportsWhetherThereWasOne()
    {
        // given
        final CampaignRepository target = CampaignRepository.open(dataDir);
        target.put(AdminFixtures.simple("c1"));

        // when
        final boolean deleted = target.delete("c1");
        final boolean deletedAgain = target.delete("c1");

        // then
        assertThat(deleted).isTrue();
        assertThat(deletedAgain).isFalse();
        assertThat(target.get("c1")).isNull();
        assertThat(target.all()).isEmpty();
    }

    @Test
    void versionGrowsByOnePerVisibleChangeOnly()
    {
        // given
        final CampaignRepository target = CampaignRepository.open(dataDir);
        final Campaign campaign = AdminFixtures.simple("c1");

        // when / then
        target.put(campaign);
        assertThat(target.version()).isEqualTo(1);
        assertThat(target.put(campaign)).isTrue();
        assertThat(target.version()).as("storing an equal campaign changes nothing").isEqualTo(1);
        target.put(renamed(campaign, "other"));
        assertThat(target.version()).isEqualTo(2);
        target.delete("missing");
        assertThat(target.version()).isEqualTo(2);
        target.delete("c1");
        assertThat(target.version()).isEqualTo(3);
    }

    @Test
    void keepsEveryChangeAcrossAReopen()
    {
        // given
        final CampaignRepository first = CampaignRepository.open(dataDir);
        first.put(AdminFixtures.apiExample());
        first.put(AdminFixtures.everyField());
        first.put(AdminFixtures.simple("gone"));
        first.put(AdminFixtures.simple("kept"));
        first.put(renamed(AdminFixtures.simple("kept"), "replaced"));
        first.delete("gone");

        // when
        final CampaignRepository reopened = CampaignRepository.open(dataDir);

        // then
        assertThat(reopened.all()).isEqualTo(first.all());
        assertThat(reopened.all()).extracting(Campaign::id).containsExactly("cmp-3", "cmp-every", "kept");
        assertThat(reopened.get("kept").name()).isEqualTo("replaced");
        assertThat(reopened.version()).isZero();
    }

    @Test
    void replacesTheFileWholeLeavingNoTemporaryFile() throws Exception
    {
        // given
        final CampaignRepository target = CampaignRepository.open(dataDir);
        target.put(AdminFixtures.simple("c1"));

        // when
        target.put(AdminFixtures.simple("c2"));

        // then
        try (Stream<Path> files = Files.list(dataDir))
        {
            assertThat(files).extracting(path -> path.getFileName().toString()).containsExactly(CampaignRepository.FILE_NAME);
        }
        assertThat(CampaignCodec.decodeArray(Files.readAllBytes(target.file())))
            .containsExactly(AdminFixtures.simple("c1"), AdminFixtures.simple("c2"));
    }

    @Test
    void aFailedWriteLeavesMemoryAndTheFileUnchanged() throws Exception
    {
        // given a directory squatting on the temporary file's name, so the next write cannot happen
        final CampaignRepository target = CampaignRepository.open(dataDir);
        target.put(AdminFixtures.simple("c1"));
        final byte[] before = Files.readAllBytes(target.file());
        final Path blocker = dataDir.resolve(CampaignRepository.FILE_NAME + ".tmp");
        Files.createDirectories(blocker.resolve("inside"));

        // when
        assertThatThrownBy(() -> target.put(AdminFixtures.simple("c2"))).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> target.delete("c1")).isInstanceOf(UncheckedIOException.class);

        // then
        assertThat(target.all()).containsExactly(AdminFixtures.simple("c1"));
        assertThat(target.get("c2")).isNull();
        assertThat(target.version()).isEqualTo(1);
        assertThat(Files.readAllBytes(target.file())).isEqualTo(before);
    }

    @Test
    void removesATemporaryFileACrashLeftBehind() throws Exception
    {
        // given
        CampaignRepository.open(dataDir).put(AdminFixtures.simple("c1"));
        final Path leftover = dataDir.resolve(CampaignRepository.FILE_NAME + ".tmp");
        Files.write(leftover, "[{\"id\": \"half-writ".getBytes(StandardCharsets.UTF_8));

        // when
        final CampaignRepository target = CampaignRepository.open(dataDir);

        // then
        assertThat(Files.exists(leftover)).isFalse();
        assertThat(target.all()).containsExactly(AdminFixtures.simple("c1"));
    }

    @Test
    void refusesToOpenAFileOfInvalidCampaigns() throws Exception
    {
        // given
        Files.write(dataDir.resolve(CampaignRepository.FILE_NAME), "[{\"id\": \"c1\"}]".getBytes(StandardCharsets.UTF_8));

        // then
        assertThatThrownBy(() -> CampaignRepository.open(dataDir))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("[0].advertiserId is required");
    }

    @Test
    void refusesACampaignThatWouldNotReadBackEqual()
    {
        // given
        final CampaignRepository target = CampaignRepository.open(dataDir);
        final Campaign simple = AdminFixtures.simple("c1");
        final Ad ad = simple.ads().get(0);
        final Ad twoRules = new Ad(
            ad.id(), ad.slots(), ad.channels(), ad.targeting(), new Ad.GeoScope(5, List.of("S1"), List.of()),
            ad.products(), ad.fulfilment(), ad.minUnits(), new Ad.Bid(BidModel.CPC, 1), null, 0, null,
            Ad.DEFAULT_CTR_PRIOR, false);
        final Campaign longId = AdminFixtures.simple("x".repeat(129));

        // then
        assertThatThrownBy(() -> target.put(withAds(simple, List.of(twoRules))))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("would not read back equal");
        assertThatThrownBy(() -> target.put(longId))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("id must be 1..128 characters");
        assertThat(target.all()).isEmpty();
        assertThat(target.version()).isZero();
        assertThat(Files.exists(target.file())).isFalse();
    }

    @Test
    @Timeout(30)
    void keepsEveryCampaignPutConcurrently() throws Exception
    {
        // given
        final CampaignRepository target = CampaignRepository.open(dataDir);
        final int threads = 4;
        final int perThread = 10;
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        final List<Future<?>> done = new ArrayList<>();

        // when
        try
        {
            for (int t = 0; t < threads; t++)
            {
                final int thread = t;
                done.add(pool.submit(() ->
                {
                    for (int i = 0; i < perThread; i++)
                    {
                        target.put(AdminFixtures.simple("t" + thread + "-" + i));
                    }
                }));
            }
            for (final Future<?> future : done)
            {
                future.get();
            }
        }
        finally
        {
            pool.shutdownNow();
        }

        // then
        assertThat(target.all()).hasSize(threads * perThread);
        assertThat(target.version()).isEqualTo(threads * perThread);
        assertThat(CampaignRepository.open(dataDir).all()).isEqualTo(target.all());
    }

    private static Campaign renamed(final Campaign campaign, final String name)
    {
        return new Campaign(
            campaign.id(), campaign.advertiserId(), name, campaign.active(), campaign.budget(), campaign.flight(),
            campaign.pacing(), campaign.priority(), campaign.ads());
    }

    private static Campaign withAds(final Campaign campaign, final List<Ad> ads)
    {
        return new Campaign(
            campaign.id(), campaign.advertiserId(), campaign.name(), campaign.active(), campaign.budget(),
            campaign.flight(), campaign.pacing(), campaign.priority(), ads);
    }
}
