/** The WCF duplex sample, docs variant: ICalculatorDuplex with callbacks Equals and Equation. */
package dev.tandem.samples.duplex;
