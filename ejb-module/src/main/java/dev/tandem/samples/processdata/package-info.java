/** The WCF Reliable Secure Profile sample: ProcessData with a delayed SendProcessedData callback. */
package dev.tandem.samples.processdata;
