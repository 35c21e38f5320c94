package dev.tandem.web.admin;

import fish.payara.security.annotations.RealmIdentityStoreDefinition;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Lets Payara's {@code file} realm authenticate admins too (Payara's realm identity store): on
 * Payara Server, a user of the group {@code admin} in that realm ({@code asadmin create-file-user
 * --groups admin <name>}) may use the admin page without any Tandem setting. Payara Micro's file
 * realm is empty.
 */
@ApplicationScoped
@RealmIdentityStoreDefinition("file")
public class AdminRealm {}
