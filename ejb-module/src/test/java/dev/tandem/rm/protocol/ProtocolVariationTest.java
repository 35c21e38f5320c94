package dev.tandem.rm.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.rm.model.RmVersion;
import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The two protocol variations against the text of the specs: WS-RM February 2005
 * (http://schemas.xmlsoap.org/ws/2005/02/rm) and OASIS WS-RM 1.1 (wsrm-1.1-spec-os). The URIs are
 * written out in full here, as the specs print them, rather than built from the code's constants.
 */
class ProtocolVariationTest {
  private static final ProtocolVariation FEB = ProtocolVariation.WSRM_2005_02;
  private static final ProtocolVariation V11 = ProtocolVariation.WSRM_1_1;

  @Test
  void namespaces() {
    assertThat(FEB.namespace()).isEqualTo("http://schemas.xmlsoap.org/ws/2005/02/rm");
    assertThat(V11.namespace()).isEqualTo("http://docs.oasis-open.org/ws-rx/wsrm/200702");
    // Both paired with WS-Addressing 1.0, as WCF's Soap12WSAddressing10 message version does.
    assertThat(FEB.addressingNamespace()).isEqualTo("http://www.w3.org/2005/08/addressing");
    assertThat(V11.addressingNamespace()).isEqualTo("http://www.w3.org/2005/08/addressing");
  }

  @Test
  void oneVariationPerVersion() {
    for (RmVersion v : RmVersion.values()) {
      assertThat(ProtocolVariation.of(v).version()).isSameAs(v);
      assertThat(ProtocolVariation.of(v).namespace()).isEqualTo(v.namespace());
    }
    assertThat(ProtocolVariation.of(null)).isNull();
    assertThat(Arrays.stream(ProtocolVariation.values()).map(ProtocolVariation::version))
        .containsExactlyInAnyOrder(RmVersion.values());
  }

  /** WS-RM February 2005 §3.1–§3.5: the Actions the spec lists; no CloseSequence, no responses. */
  @ParameterizedTest
  @CsvSource({
    "CREATE_SEQUENCE, http://schemas.xmlsoap.org/ws/2005/02/rm/CreateSequence",
    "CREATE_SEQUENCE_RESPONSE, http://schemas.xmlsoap.org/ws/2005/02/rm/CreateSequenceResponse",
    "TERMINATE_SEQUENCE, http://schemas.xmlsoap.org/ws/2005/02/rm/TerminateSequence",
    "SEQUENCE_ACKNOWLEDGEMENT, http://schemas.xmlsoap.org/ws/2005/02/rm/SequenceAcknowledgement",
    "ACK_REQUESTED, http://schemas.xmlsoap.org/ws/2005/02/rm/AckRequested",
    "LAST_MESSAGE, http://schemas.xmlsoap.org/ws/2005/02/rm/LastMessage",
  })
  void february2005Actions(RmAction action, String uri) {
    assertThat(FEB.action(action)).isEqualTo(uri);
    assertThat(FEB.isAction(uri, action)).isTrue();
    assertThat(V11.isAction(uri, action)).isFalse();
  }

  /** WS-RM 1.1 §3.4–§3.9: the Actions the spec lists; no LastMessage. */
  @ParameterizedTest
  @CsvSource({
    "CREATE_SEQUENCE, http://docs.oasis-open.org/ws-rx/wsrm/200702/CreateSequence",
    "CREATE_SEQUENCE_RESPONSE, http://docs.oasis-open.org/ws-rx/wsrm/200702/CreateSequenceResponse",
    "CLOSE_SEQUENCE, http://docs.oasis-open.org/ws-rx/wsrm/200702/CloseSequence",
    "CLOSE_SEQUENCE_RESPONSE, http://docs.oasis-open.org/ws-rx/wsrm/200702/CloseSequenceResponse",
    "TERMINATE_SEQUENCE, http://docs.oasis-open.org/ws-rx/wsrm/200702/TerminateSequence",
    "TERMINATE_SEQUENCE_RESPONSE,"
        + " http://docs.oasis-open.org/ws-rx/wsrm/200702/TerminateSequenceResponse",
    "SEQUENCE_ACKNOWLEDGEMENT, http://docs.oasis-open.org/ws-rx/wsrm/200702/SequenceAcknowledgement",
    "ACK_REQUESTED, http://docs.oasis-open.org/ws-rx/wsrm/200702/AckRequested",
  })
  void wsrm11Actions(RmAction action, String uri) {
    assertThat(V11.action(action)).isEqualTo(uri);
    assertThat(V11.isAction(uri, action)).isTrue();
    assertThat(FEB.isAction(uri, action)).isFalse();
  }

  @Test
  void messagesOnlyOneVersionHas() {
    assertThat(FEB.hasCloseSequence()).isFalse();
    assertThat(V11.hasCloseSequence()).isTrue(); // 1.1 §3.5
    assertThat(FEB.hasTerminateSequenceResponse()).isFalse(); // Feb 2005 §3.5: one-way
    assertThat(V11.hasTerminateSequenceResponse()).isTrue(); // 1.1 §3.6: request-reply
    assertThat(FEB.hasLastMessage()).isTrue(); // Feb 2005 §3.1
    assertThat(V11.hasLastMessage()).isFalse();
    assertThatThrownBy(() -> FEB.action(RmAction.CLOSE_SEQUENCE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FEB.action(RmAction.TERMINATE_SEQUENCE_RESPONSE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> V11.action(RmAction.LAST_MESSAGE))
        .isInstanceOf(IllegalArgumentException.class);
    // Not defined, yet still in the namespace: what the dispatcher's WSRMRequired choice looks at.
    assertThat(V11.ownsAction("http://docs.oasis-open.org/ws-rx/wsrm/200702/Anything")).isTrue();
    assertThat(FEB.ownsAction("http://docs.oasis-open.org/ws-rx/wsrm/200702/CreateSequence"))
        .isFalse();
    assertThat(FEB.ownsAction(null)).isFalse();
  }

  /** WS-RM February 2005 §4 and WS-RM 1.1 §4: the faults each spec defines. */
  @Test
  void faultsEachSpecDefines() {
    EnumSet<RmFault> feb = EnumSet.noneOf(RmFault.class);
    EnumSet<RmFault> v11 = EnumSet.noneOf(RmFault.class);
    for (RmFault f : RmFault.values()) {
      if (FEB.definesFault(f)) {
        feb.add(f);
      }
      if (V11.definesFault(f)) {
        v11.add(f);
      }
    }
    assertThat(feb)
        .containsExactlyInAnyOrder(
            RmFault.SEQUENCE_TERMINATED,
            RmFault.UNKNOWN_SEQUENCE,
            RmFault.INVALID_ACKNOWLEDGEMENT,
            RmFault.MESSAGE_NUMBER_ROLLOVER,
            RmFault.LAST_MESSAGE_NUMBER_EXCEEDED,
            RmFault.CREATE_SEQUENCE_REFUSED);
    assertThat(v11)
        .containsExactlyInAnyOrder(
            RmFault.SEQUENCE_TERMINATED,
            RmFault.UNKNOWN_SEQUENCE,
            RmFault.INVALID_ACKNOWLEDGEMENT,
            RmFault.MESSAGE_NUMBER_ROLLOVER,
            RmFault.CREATE_SEQUENCE_REFUSED,
            RmFault.SEQUENCE_CLOSED,
            RmFault.WSRM_REQUIRED);
  }

  @ParameterizedTest
  @EnumSource(ProtocolVariation.class)
  void everyDefinedFaultIsAnRmFault(ProtocolVariation p) {
    for (RmFault f : RmFault.values()) {
      if (p.definesFault(f)) {
        assertThat(f.vocabulary()).isEqualTo(RmFault.Vocabulary.RM);
      }
    }
    assertThat(p.definesFault(p.beyondLastMessageFault())).isTrue();
  }

  @Test
  void faultForAMessageNumberBeyondTheLast() {
    // Feb 2005 §4: LastMessageNumberExceeded; 1.1 dropped it, §3.5: SequenceClosed after Close.
    assertThat(FEB.beyondLastMessageFault()).isEqualTo(RmFault.LAST_MESSAGE_NUMBER_EXCEEDED);
    assertThat(V11.beyondLastMessageFault()).isEqualTo(RmFault.SEQUENCE_CLOSED);
  }

  @Test
  void faultActions() {
    // WS-RM 1.1 §4: its own fault Action; Feb 2005: WS-Addressing's default fault Action.
    assertThat(V11.faultAction()).isEqualTo("http://docs.oasis-open.org/ws-rx/wsrm/200702/fault");
    assertThat(FEB.faultAction()).isEqualTo("http://www.w3.org/2005/08/addressing/fault");
  }

  @Test
  void acknowledgementAndCreateSequenceResponseElements() {
    // WS-RM 1.1 §3.9 None and Final, §3.4 IncompleteSequenceBehavior; none of them in Feb 2005.
    assertThat(V11.hasAcknowledgementNone()).isTrue();
    assertThat(V11.hasAcknowledgementFinal()).isTrue();
    assertThat(V11.hasIncompleteSequenceBehavior()).isTrue();
    assertThat(FEB.hasAcknowledgementNone()).isFalse();
    assertThat(FEB.hasAcknowledgementFinal()).isFalse();
    assertThat(FEB.hasIncompleteSequenceBehavior()).isFalse();
  }

  /** WS-RM February 2005 §3.1: LastMessage marker or Action, with an empty Body. */
  @Test
  void lastMessage() {
    SequenceHeader marked = new SequenceHeader("urn:uuid:1", 3, true);
    SequenceHeader plain = new SequenceHeader("urn:uuid:1", 3, false);
    String lastAction = "http://schemas.xmlsoap.org/ws/2005/02/rm/LastMessage";
    assertThat(FEB.isLastMessage(marked, "urn:any", true)).isTrue();
    assertThat(FEB.isLastMessage(plain, lastAction, true)).isTrue();
    assertThat(FEB.isLastMessage(marked, "urn:any", false)).isFalse(); // a body: not the empty one
    assertThat(FEB.isLastMessage(plain, "urn:any", true)).isFalse();
    assertThat(FEB.isLastMessage(null, lastAction, true)).isFalse();
    assertThat(V11.isLastMessage(marked, lastAction, true)).isFalse();
  }
}
