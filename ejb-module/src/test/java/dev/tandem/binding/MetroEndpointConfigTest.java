package dev.tandem.binding;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.engine.ApplicationReply;
import dev.tandem.engine.Invocation;
import jakarta.jws.WebMethod;
import jakarta.jws.WebParam;
import jakarta.jws.WebService;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/**
 * Tandem's Metro endpoints on a shared server: no JVM-wide system property, no MBean, no Metro
 * warning, endpoints disposed, and no Java stack trace in a fault.
 */
class MetroEndpointConfigTest {
  private static final String CALC = "http://Microsoft.ServiceModel.Samples";
  private static final MBeanServer MBEANS = ManagementFactory.getPlatformMBeanServer();

  private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
  private final Handler recorder =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
            warnings.add(r);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void recordWarnings() {
    Logger.getLogger("").addHandler(recorder);
  }

  @AfterEach
  void stopRecording() {
    Logger.getLogger("").removeHandler(recorder);
  }

  @Test
  void theServicesChangeNoSystemPropertyRegisterNoMBeanAndLogNoWarning() throws Exception {
    Set<ObjectName> before = MBEANS.queryNames(null, null);
    Set<String> properties = System.getProperties().stringPropertyNames();
    MetroApplicationInvoker invoker = new MetroApplicationInvoker();
    try {
      ApplicationReply sum =
          invoker.invoke(calc("Add", "<Add xmlns='" + CALC + "'><n1>1</n1><n2>2</n2></Add>"));
      assertThat(new String(sum.body(), UTF_8)).contains("<AddResult>3.0</AddResult>");
      // Every endpoint is built by now (all six paths).
      assertThat(invoker.hosts(MetroApplicationInvoker.PROCESS_DATA)).isTrue();

      assertThat(System.getProperties().stringPropertyNames())
          .as("no JVM-wide property set")
          .containsExactlyInAnyOrderElementsOf(properties)
          .doesNotContain(
              "com.sun.xml.ws.monitoring.endpoint",
              "com.sun.xml.ws.fault.SOAPFaultBuilder.disableCaptureStackTrace");
      assertThat(newMBeans(before)).as("Metro monitoring is off for every endpoint").isEmpty();
    } finally {
      invoker.dispose();
    }
    assertThat(warnings).extracting(r -> r.getLoggerName() + ": " + r.getMessage()).isEmpty();
  }

  @Test
  void disposeUnregistersTheMBeansOfAMonitoredEndpoint() throws Exception {
    Set<ObjectName> before = MBEANS.queryNames(null, null);
    // No wsit-*.xml for this class: Metro's default, monitoring on.
    MetroService failing = failingService();
    assertThat(newMBeans(before)).as("monitored").isNotEmpty();
    failing.dispose();
    assertThat(newMBeans(before)).as("after dispose").isEmpty();
    assertThat(warnings).extracting(r -> r.getLoggerName() + ": " + r.getMessage()).isEmpty();
  }

  // Metro's SOAPFaultBuilder.captureStackTrace is false unless set: with it true, both tests below fail.
  @Test
  void aServiceExceptionIsAFaultWithoutAJavaStackTrace() throws Exception {
    MetroService failing = failingService();
    try {
      ApplicationReply fault =
          failing.invoke(
              "urn:fail", element("<t:fail xmlns:t='" + FailingService.NS + "'><n>1</n></t:fail>"));
      assertThat(fault.isFault()).isTrue();
      assertThat(new String(fault.body(), UTF_8))
          .contains("cannot compute 1.0")
          .doesNotContain("java.", "dev.tandem", "stackTrace", "\tat ");
    } finally {
      failing.dispose();
    }
  }

  @Test
  void aMalformedArgumentIsAFaultWithoutAJavaStackTrace() throws Exception {
    MetroApplicationInvoker invoker = new MetroApplicationInvoker();
    try {
      ApplicationReply fault =
          invoker.invoke(calc("Add", "<Add xmlns='" + CALC + "'><n1>abc</n1><n2>2</n2></Add>"));
      assertThat(fault.isFault()).isTrue();
      assertThat(new String(fault.body(), UTF_8))
          .contains("'abc'")
          .doesNotContain("java.", "dev.tandem", "stackTrace", "\tat ");
    } finally {
      invoker.dispose();
    }
  }

  /** A service whose operation throws, as a ported service's bug would. */
  @WebService(
      serviceName = "FailingService",
      portName = "FailingPort",
      targetNamespace = FailingService.NS)
  public static class FailingService {
    static final String NS = "urn:tandem:test:failing";

    @WebMethod
    public double fail(@WebParam(name = "n") double n) {
      throw new IllegalStateException("cannot compute " + n);
    }
  }

  private static MetroService failingService() {
    return new MetroService(
        FailingService.class,
        FailingService.class,
        new FailingService(),
        new QName(FailingService.NS, "FailingService"),
        new QName(FailingService.NS, "FailingPort"));
  }

  private static Set<ObjectName> newMBeans(Set<ObjectName> before) {
    Set<ObjectName> now = new HashSet<>(MBEANS.queryNames(null, null));
    now.removeAll(before);
    return now;
  }

  private static Invocation calc(String operation, String body) throws Exception {
    return new Invocation(
        MetroApplicationInvoker.CALCULATOR_BASIC,
        null,
        CALC + "/ICalculator/" + operation,
        element(body),
        null);
  }

  private static Element element(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder()
        .parse(new InputSource(new StringReader(xml)))
        .getDocumentElement();
  }
}
