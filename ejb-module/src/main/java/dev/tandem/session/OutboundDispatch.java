package dev.tandem.session;

/**
 * One outbound message ready for the wire.
 *
 * @param id store id
 * @param sessionId the session it belongs to
 * @param to the client's address
 * @param envelope encoded SOAP 1.2 envelope
 * @param sequenced true when it stays stored until acknowledged (or, for Tandem's own
 *     CreateSequence, answered)
 */
public record OutboundDispatch(
    long id, String sessionId, String to, byte[] envelope, boolean sequenced) {}
