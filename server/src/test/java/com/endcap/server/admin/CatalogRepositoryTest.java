package com.endcap.server.admin;

import com.endcap.bidder.catalog.Catalog;
import com.endcap.bidder.catalog.Product;
import com.endcap.bidder.ids.IdMap;
import com.endcap.inventory.ids.IdDictionary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static com.endcap.server.admin.AdminFixtures.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogRepositoryTest
{
    @TempDir
    Path dataDir;

    private IdDictionary skuIds;

    @BeforeEach
    void openDictionary()
    {
        skuIds = IdDictionary.openWritable(dataDir.resolve("skus.ids"));
    }

    @AfterEach
    void closeDictionary()
    {
        skuIds.close();
    }

    @Test
    void opensEmpty()
    {
        // when
        final CatalogRepository target = CatalogRepository.open(dataDir.resolve("data"), skuIds);

        // then
        assertThat(target.size()).isZero();
        assertThat(target.catalog().size()).isZero();
        assertThat(target.get("100871")).isNull();
        assertThat(target.version()).isZero();
    }

    @Test
    void upsertStoresEachProductUnderTheDenseIdItsSkuHasInTheSharedIdMap()
    {
        // given stock already knows a sku the catalog has not seen, so ids are not catalog positions
        skuIds.intern("stock-only");
        final int known = skuIds.intern("100872");
        final CatalogRepository target = CatalogRepository.open(dataDir, skuIds);

        // when
        final int added = target.upsert(List.of(product("100871", "pet/dog-food", 5499), product("100872", "pet/treats", 299)));

        // then
        assertThat(added).isEqualTo(2);
        assertThat(target.get("100872").skuId()).isEqualTo(known);
        assertThat(target.get("100871").skuId()).isEqualTo(skuIds.idOf("100871")).isEqualTo(2);
        final Catalog catalog = target.catalog();
        assertThat(catalog.size()).isEqualTo(2);
        assertThat(catalog.product(known).sku()).isEqualTo("100872");
        assertThat(catalog.product(skuIds.idOf("stock-only"))).isNull();
        assertThat(catalog.skusUnder("pet/dog-food")).containsExactly(skuIds.idOf("100871"));
    }

    @Test
    void internsConsistentlyWithAnyIdMap()
    {
        // given
        final IdMap ids = new AdminFixtures.ListIdMap();
        ids.intern("a");
        final CatalogRepository target = CatalogRepository.open(dataDir, ids);

        // when
        target.upsert(List.of(product("b", "x", 1), product("a", "x", 1)));

        // then
        assertThat(target.get("a").skuId()).isZero();
        assertThat(target.get("b").skuId()).isEqualTo(1);
        assertThat(ids.nameOf(1)).isEqualTo("b");
    }

    @Test
    void upsertReplacesAProductWithTheSameSkuKeepingItsId()
    {
        // given
        final CatalogRepository target = CatalogRepository.open(dataDir, skuIds);
        target.upsert(List.of(product("a", "pet", 100), product("b", "pet", 200)));
        final int idOfA = target.get("a").skuId();

        // when
        final int added = target.upsert(List.of(product("a", "home", 150), product("c", "home", 1), product("c", "home", 2)));

        // then
        assertThat(added).isEqualTo(1);
        assertThat(target.size()).isEqualTo(3);
        assertThat(target.get("a").skuId()).isEqualTo(idOfA);
        assertThat(target.get("a").priceCents()).isEqualTo(150);
        assertThat(target.get("c").priceCents()).as("the later of two lines wins").isEqualTo(2);
        assertThat(target.catalog().product(idOfA).category()).isEqualTo("home");
        assertThat(target.catalog().skusUnder("pet")).containsExactly(target.get("b").skuId());
    }

    @Test
    void catalogIsTheSameInstanceUntilTheNextChange()
    {
        // given
        final CatalogRepository target = CatalogRepository.open(dataDir, skuIds);
        target.upsert(List.of(product("a", "pet", 100)));
        final Catalog before = target.catalog();

        // when
        final Catalog again = target.catalog();
        target.upsert(List.of(product("b", "pet", 100)));
        final Catalog after = target.catalog();

        // then
        assertThat(again).isSameAs(before);
        assertThat(after).isNotSameAs(before);
        assertThat(before.size()).isEqualTo(1);
        assertThat(after.size()).isEqualTo(2);
    }

    @Test
    void versionGrowsByOnePerUpsertAndNotForAnEmptyOne()
    {
        // given
        final CatalogRepository target = CatalogRepository.open(dataDir, skuIds);

        // when
        target.upsert(List.of(product("a", "pet", 100)));
        target.upsert(List.of());
        target.upsert(List.of(product("a", "pet", 200), product("b", "pet", 1)));

        // then
        assertThat(target.version()).isEqualTo(2);
    }

    @Test
    void keepsProductsAndIdsAcrossAReopen()
    {
        // given
        final CatalogRepository first = CatalogRepository.open(dataDir, skuIds);
        final Product full = new Product(
            -1, "100871", "00012345678905", "Kibble", 5499, 4999, "USD", "pet/dog-food",
            "https://cdn.example.com/a.jpg", "/p/100871", List.of("pet/treats"));
        first.upsert(List.of(full, product("b", "home", 1)));
        skuIds.close();

        // when
        skuIds = IdDictionary.openWritable(dataDir.resolve("skus.ids"));
        final CatalogRepository reopened = CatalogRepository.open(dataDir, skuIds);

        // then
        assertThat(reopened.size()).isEqualTo(2);
        assertThat(reopened.get("100871")).isEqualTo(first.get("100871"));
        assertThat(reopened.get("100871")).isEqualTo(full.withSkuId(first.get("100871").skuId()));
        assertThat(reopened.get("b")).isEqualTo(first.get("b"));
        assertThat(reopened.catalog().products()).isEqualTo(first.catalog().products());
    }

    @Test
    void aFailedWriteLeavesMemoryAndTheFileUnchanged() throws Exception
    {
        // given a directory squatting on the temporary file's name, so the next write cannot happen
        final CatalogRepository target = CatalogRepository.open(dataDir, skuIds);
        target.upsert(List.of(product("a", "pet", 100)));
        final byte[] before = Files.readAllBytes(target.file());
        final Catalog catalog = target.catalog();
        Files.createDirectories(dataDir.resolve(CatalogRepository.FILE_NAME + ".tmp").resolve("inside"));

        // when
        assertThatThrownBy(() -> target.upsert(List.of(product("a", "pet", 999), product("b", "pet", 1))))
            .isInstanceOf(UncheckedIOException.class);

        // then
        assertThat(target.get("a").priceCents()).isEqualTo(100);
        assertThat(target.get("b")).isNull();
        assertThat(target.catalog()).isSameAs(catalog);
        assertThat(target.version()).isEqualTo(1);
        assertThat(Files.readAllBytes(target.file())).isEqualTo(before);
    }

    @Test
    void refusesAProductThatWouldNotReadBackAndChangesNothing()
    {
        // given
        final CatalogRepository target = CatalogRepository.open(dataDir, skuIds);
        final Product blankTitle = new Product(
            -1, "b", null, " ", 1, Product.NO_PRICE, "USD", "", null, null, List.of());

        // then
        assertThatThrownBy(() -> target.upsert(List.of(product("a", "pet", 1), blankTitle)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("title must not be blank");
        assertThat(target.size()).isZero();
        assertThat(skuIds.idOf("a")).isEqualTo(IdMap.MISSING);
        assertThat(Files.exists(target.file())).isFalse();
    }

    @Test
    void refusesToOpenAFileWithAnInvalidProduct() throws Exception
    {
        // given
        Files.write(dataDir.resolve(CatalogRepository.FILE_NAME),
            "{\"sku\": \"a\", \"title\": \"A\", \"price\": 1}\n{\"sku\": \"b\", \"title\": \"B\"}\n".getBytes(StandardCharsets.UTF_8));

        // then
        assertThatThrownBy(() -> CatalogRepository.open(dataDir, skuIds))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("line 2: price is required");
    }
}
