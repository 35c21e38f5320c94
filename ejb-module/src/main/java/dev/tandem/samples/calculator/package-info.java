/**
 * The WCF sample ICalculator / CalculatorService with WCF's wire names.
 */
package dev.tandem.samples.calculator;
