/**
 * Operating Tandem: the views of Sessions and Sequences an operator sees on the admin page and its
 * JSON view ({@link dev.tandem.operations.SessionViews}), and the operator's actions — terminate a
 * session, purge a terminated one, retry its outbound queue now — each logged with who asked
 * ({@link dev.tandem.operations.SequenceAdmin}).
 */
package dev.tandem.operations;
