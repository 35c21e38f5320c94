package dev.tandem.platform;

import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Test-only servlet, added to the deployment by {@link PlatformSmokeIT}: answers with the product name
 * and URL of the database behind {@code jdbc/tandem}, proving the post-boot script created the resource.
 * Never part of the production WAR.
 */
@WebServlet("/platform-probe")
public class DatasourceProbeServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Resource(lookup = "jdbc/tandem")
  private transient DataSource dataSource;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setContentType("text/plain;charset=UTF-8");
    try (Connection connection = dataSource.getConnection()) {
      DatabaseMetaData meta = connection.getMetaData();
      response.getWriter().println(meta.getDatabaseProductName() + " " + meta.getURL());
    } catch (SQLException e) {
      response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, e.toString());
    }
  }
}
