package org.chillflow.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;
import org.junit.jupiter.api.Test;

import redis.clients.jedis.HostAndPort;

class RedisSettingsTest {

    private static final Map<String, String> STREAM = Map.of("chillflow.redis.host", "redis-a", "chillflow.redis.port",
            "6390", "chillflow.redis.password", "dev-secret", "chillflow.redis.ssl", "true");

    @Test
    void withoutTheirOwnHostOrNodesTheWindowsShareTheStreamsRedis() {
        Config config = config(STREAM);
        assertThat(RedisSettings.windows(config, RedisSettings.of(config))).isEmpty();
        Config portOnly = config(with(STREAM, Map.of("chillflow.windows.redis.port", "6391")));
        assertThat(RedisSettings.windows(portOnly, RedisSettings.of(portOnly))).as("a port alone names no Redis").isEmpty();
    }

    @Test
    void theirOwnHostTakesTheStreamsSettingsThatAreNotSetForIt() {
        Config config = config(with(STREAM, Map.of("chillflow.windows.redis.host", "redis-b")));
        RedisSettings windows = RedisSettings.windows(config, RedisSettings.of(config)).orElseThrow();
        assertThat(windows.host()).isEqualTo("redis-b");
        assertThat(windows.port()).isEqualTo(6390);
        assertThat(windows.password()).isEqualTo("dev-secret");
        assertThat(windows.ssl()).isTrue();
        assertThat(windows.cluster()).isFalse();
    }

    @Test
    void eachSettingOfTheirOwnWins() {
        Config config = config(with(STREAM, Map.of("chillflow.windows.redis.host", "redis-b", "chillflow.windows.redis.port",
                "6391", "chillflow.windows.redis.password", "windows-dev-secret", "chillflow.windows.redis.ssl", "false",
                "chillflow.windows.redis.timeout-ms", "250")));
        RedisSettings windows = RedisSettings.windows(config, RedisSettings.of(config)).orElseThrow();
        assertThat(windows).isEqualTo(new RedisSettings("redis-b", 6391, 250, "", "windows-dev-secret", false, List.of()));
    }

    @Test
    void clusterNodesOfTheirOwnMakeACluster() {
        Config config = config(with(STREAM, Map.of("chillflow.windows.redis.cluster-nodes", "w1:7101, w2:7102")));
        RedisSettings windows = RedisSettings.windows(config, RedisSettings.of(config)).orElseThrow();
        assertThat(windows.cluster()).isTrue();
        assertThat(windows.clusterNodes()).containsExactly(new HostAndPort("w1", 7101), new HostAndPort("w2", 7102));
    }

    @Test
    void aMalformedNodeNamesTheWindowsKey() {
        Config config = config(with(STREAM, Map.of("chillflow.windows.redis.cluster-nodes", "w1")));
        assertThatThrownBy(() -> RedisSettings.windows(config, RedisSettings.of(config)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("chillflow.windows.redis.cluster-nodes: 'w1' is not host:port");
    }

    private static Map<String, String> with(Map<String, String> base, Map<String, String> more) {
        java.util.HashMap<String, String> all = new java.util.HashMap<>(base);
        all.putAll(more);
        return all;
    }

    /** A map as MicroProfile Config, converting to the types the settings read. */
    private static Config config(Map<String, String> values) {
        return new Config() {
            @Override
            public <T> T getValue(String name, Class<T> type) {
                return getOptionalValue(name, type).orElseThrow(() -> new NoSuchElementException(name));
            }

            @Override
            public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
                String value = values.get(name);
                if (value == null) {
                    return Optional.empty();
                }
                Object converted = type == Integer.class ? Integer.valueOf(value)
                        : type == Boolean.class ? Boolean.valueOf(value) : value;
                return Optional.of(type.cast(converted));
            }

            @Override
            public ConfigValue getConfigValue(String name) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Iterable<String> getPropertyNames() {
                return values.keySet();
            }

            @Override
            public Iterable<ConfigSource> getConfigSources() {
                return List.of();
            }

            @Override
            public <T> Optional<Converter<T>> getConverter(Class<T> forType) {
                return Optional.empty();
            }

            @Override
            public <T> T unwrap(Class<T> type) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
