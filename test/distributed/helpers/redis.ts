/**
 * The distributed tests' Redis: `startRedisServer` from dusk-distributed (a private redis-server
 * on a free loopback port, no persistence). A missing redis-server fails the tests with a message
 * saying how to install it (.ci/run installs it) — never a silent skip.
 */
export { startRedisServer as startRedis, type RedisServer } from 'dusk-distributed';
