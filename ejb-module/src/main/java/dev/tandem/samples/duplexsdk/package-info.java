/** The WCF duplex sample, SDK variant (namespace http://Microsoft.Samples.Duplex, callback Result). */
package dev.tandem.samples.duplexsdk;
