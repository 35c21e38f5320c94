/** What Tandem takes from the Jakarta EE container: its resources, and the store's database. */
package dev.tandem.platform;
