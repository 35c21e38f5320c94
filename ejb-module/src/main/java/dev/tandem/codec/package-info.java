/**
 * The wire codec: secure parsing of SOAP 1.1/1.2 envelopes into protocol records (DOM) and encoding of messages (StAX, with stored bodies copied in as bytes) and faults (SAAJ) with WCF's prefixes.
 */
package dev.tandem.codec;
