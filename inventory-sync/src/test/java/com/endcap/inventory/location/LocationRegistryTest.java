package com.endcap.inventory.location;

import com.endcap.bidder.location.Location;
import com.endcap.inventory.ids.IdDictionary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocationRegistryTest
{
    private static final String LOCATIONS = """
        {"id": "S042", "type": "store", "name": "Main St", "lat": 40.74, "lon": -73.99, "timezone": "America/New_York", "region": "NY"}
        {"id": "DC-EAST", "type": "warehouse", "name": "East DC", "regions": ["NY", "NJ"], "shipDays": 2, "extra": {"x": [1]}}
        """;

    @TempDir
    Path dir;

    @Test
    void upsertAssignsDenseIdsAndSurvivesReopen() throws Exception
    {
        try (IdDictionary ids = IdDictionary.openWritable(dir.resolve("locations.ids")))
        {
            final LocationRegistry target = new LocationRegistry(dir, ids);
            final List<Location> stored = target.upsert(decode(LOCATIONS));

            assertThat(stored).extracting(Location::id).containsExactly(0, 1);
            assertThat(target.byCode("S042").name()).isEqualTo("Main St");
            assertThat(target.byId(1).regions()).containsExactly("NY", "NJ");
            assertThat(target.byId(1).shipDays()).isEqualTo(2);
        }

        try (IdDictionary ids = IdDictionary.openWritable(dir.resolve("locations.ids")))
        {
            final LocationRegistry target = new LocationRegistry(dir, ids);

            assertThat(target.all()).hasSize(2);
            final Location store = target.byId(0);
            assertThat(store.isStore()).isTrue();
            assertThat(store.lat()).isEqualTo(40.74);
            assertThat(store.timezone()).isEqualTo("America/New_York");
            assertThat(store.region()).isEqualTo("NY");
        }
    }

    @Test
    void reRegisteringALocationKeepsItsId() throws Exception
    {
        try (IdDictionary ids = IdDictionary.openWritable(dir.resolve("locations.ids")))
        {
            final LocationRegistry target = new LocationRegistry(dir, ids);
            target.upsert(decode(LOCATIONS));

            target.upsert(decode("""
                [{"id": "S042", "type": "store", "name": "Main Street", "lat": 40.74, "lon": -73.99}]
                """));

            assertThat(target.byCode("S042").id()).isZero();
            assertThat(target.byId(0).name()).isEqualTo("Main Street");
            assertThat(target.all()).hasSize(2);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"type\": \"store\", \"lat\": 1, \"lon\": 1}|[0].id",
        "{\"id\": \"S1\", \"type\": \"kiosk\"}|[0].type",
        "{\"id\": \"S1\", \"type\": \"store\", \"lat\": 91, \"lon\": 1}|[0].lat",
        "{\"id\": \"S1\", \"type\": \"store\", \"lat\": \"x\", \"lon\": 1}|[0].lat",
        "{\"id\": \"S1\", \"type\": \"store\", \"lat\": 1, \"lon\": 1, \"timezone\": \"Mars/Base\"}|[0].timezone",
        "{\"id\": \"D1\", \"type\": \"warehouse\", \"shipDays\": 2}|[0].regions",
        "{\"id\": \"D1\", \"type\": \"warehouse\", \"regions\": [\"NY\"]}|[0].shipDays"
    })
    void decodeNamesTheInvalidField(final String json, final String field)
    {
        assertThatThrownBy(() -> decode(json))
            .isInstanceOf(LocationCodec.InvalidLocationException.class)
            .extracting(ex -> ((LocationCodec.InvalidLocationException)ex).field())
            .isEqualTo(field);
    }

    private static List<Location> decode(final String json) throws Exception
    {
        return LocationCodec.decode(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
