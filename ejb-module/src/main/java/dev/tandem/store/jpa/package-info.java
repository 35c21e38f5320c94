/**
 * The JPA (Hibernate) implementation of the store ports in {@code dev.tandem.store}. The entities
 * live here and nowhere else; they never leave this package — callers see only the domain objects
 * of {@code dev.tandem.rm.model}. The schema belongs to Flyway ({@code db/migration} in the
 * resources module), not to Hibernate.
 */
package dev.tandem.store.jpa;
