package dev.tandem.hostile;

import java.util.function.Function;

/**
 * The live Sequences hostile cases aim at, made before the suite. Faults roll back, so none of them
 * may change: the suite checks their acknowledgements afterwards.
 *
 * @param endpoint the calculator's URI (wsa:To)
 * @param s10 an active WS-RM February 2005 Sequence whose message 1 was executed
 * @param o10 its offered reply Sequence (reply 1 sent)
 * @param s11 the same for WS-RM 1.1
 * @param o11 its offered reply Sequence
 * @param s10Last a February 2005 Sequence whose LastMessage is number 2
 * @param s11Closed a WS-RM 1.1 Sequence closed at 1
 * @param s10Terminated a February 2005 Sequence terminated by its client
 * @param fresh makes a new Sequence for a case that must be executed (argument: RM namespace)
 */
record Targets(
    String endpoint,
    String s10,
    String o10,
    String s11,
    String o11,
    String s10Last,
    String s11Closed,
    String s10Terminated,
    Function<String, String> fresh) {}
