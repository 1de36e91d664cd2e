package app.thestorage.provisioning.console;

import java.net.URI;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebFilter;

/**
 * The admin web console's static files are classpath resources under {@code META-INF/resources/console/}, which
 * Spring Boot serves as they are. Two things static serving does not do are done here: {@code /console/} answers
 * with {@code index.html} ({@code /console} redirects there, so the page's relative URLs resolve), and every answer
 * under {@code /console/} carries a strict Content-Security-Policy (scripts, styles and requests to this origin only;
 * images also from blob: URLs, which is how the console shows photos it fetched with the admin credential).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class ConsoleAutoConfiguration {

    static final String PATH = "/console/";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' blob: data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private static final Resource INDEX = new ClassPathResource("META-INF/resources/console/index.html");

    @Bean
    RouterFunction<ServerResponse> consoleIndex() {
        return RouterFunctions.route()
                .GET("/console", request -> ServerResponse.permanentRedirect(URI.create(PATH)).build())
                .GET(PATH, request -> ServerResponse.ok()
                        .contentType(MediaType.TEXT_HTML)
                        .cacheControl(CacheControl.noCache())
                        .bodyValue(INDEX))
                .build();
    }

    @Bean
    WebFilter consoleSecurityHeaders() {
        return (exchange, chain) -> {
            if (exchange.getRequest().getPath().pathWithinApplication().value().startsWith(PATH)) {
                HttpHeaders headers = exchange.getResponse().getHeaders();
                headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                headers.set("X-Content-Type-Options", "nosniff");
                headers.set("Referrer-Policy", "no-referrer");
                headers.set("X-Frame-Options", "DENY");
                headers.setCacheControl(CacheControl.noCache());
            }
            return chain.filter(exchange);
        };
    }
}
