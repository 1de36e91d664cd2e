package app.thestorage.provisioning.ingest.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.filter.reactive.UrlHandlerFilter;
import org.springframework.web.server.WebFilter;

/** {@code /api/acme/scim/v2/Users/} is {@code /api/acme/scim/v2/Users}: some SCIM clients end their URLs with a slash. */
@Configuration(proxyBeanMethods = false)
public class TrailingSlashes {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    WebFilter trailingSlashesIgnored() {
        return UrlHandlerFilter.trailingSlashHandler("/api/**").mutateRequest().build();
    }
}
