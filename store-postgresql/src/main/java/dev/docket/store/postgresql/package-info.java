/**
 * The PostgreSQL store ({@link dev.docket.store.postgresql.PostgresStore}): the whole store SPI
 * over one PostgreSQL database that several Docket nodes may share. Work is claimed with one
 * statement over an index in claim order ({@code FOR UPDATE SKIP LOCKED}) under a fresh lease or
 * receipt token that every completion must present; event-log sequences are drawn under a per-bus
 * counter row so that readers never pass a sequence an open transaction may still commit below;
 * archives are range partitions dropped by retention. Named leases for single-owner work are one
 * upsert each, new owners under a fresh token; wake-ups are {@code LISTEN} / {@code NOTIFY} hints
 * on a dedicated connection that reconnects. Internal classes are package-private.
 */
package dev.docket.store.postgresql;
