package app.thestorage.provisioning.ingest.admin.access;

import static org.mockito.Mockito.mock;

import app.thestorage.provisioning.ingest.AdminProperties;
import app.thestorage.provisioning.ingest.command.CommandGateway;
import app.thestorage.provisioning.ingest.directory.DirectoryReader;
import app.thestorage.provisioning.ingest.directory.GroupDirectory;
import app.thestorage.provisioning.ingest.health.ProvisioningHealth;
import app.thestorage.provisioning.ingest.offboarding.TenantOffboarding;
import app.thestorage.provisioning.ingest.provisioninglog.ProvisioningLog;
import app.thestorage.provisioning.ingest.tenant.TenantRegistry;
import org.mockito.Answers;
import org.mockito.stubbing.Answer;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The admin API for slice tests: every controller, advice and filter of the admin API (and nothing of SCIM, Kafka or
 * PostgreSQL), with every back end answering empty (no such tenant, nothing stored). What is tested is who gets past
 * the access rules.
 */
@SpringBootConfiguration
@ComponentScan("app.thestorage.provisioning.ingest.admin")
@EnableConfigurationProperties(AdminProperties.class)
class AdminApiSlice {

    static final Answer<Object> EMPTY = invocation -> {
        Class<?> type = invocation.getMethod().getReturnType();
        if (Mono.class.equals(type)) {
            return Mono.empty();
        }
        if (Flux.class.equals(type)) {
            return Flux.empty();
        }
        return Answers.RETURNS_DEFAULTS.answer(invocation);
    };

    @Bean
    TenantRegistry tenantRegistry() {
        return mock(TenantRegistry.class, EMPTY);
    }

    @Bean
    DirectoryReader directoryReader() {
        return mock(DirectoryReader.class, EMPTY);
    }

    @Bean
    GroupDirectory groupDirectory() {
        return mock(GroupDirectory.class, EMPTY);
    }

    @Bean
    ProvisioningLog provisioningLog() {
        return mock(ProvisioningLog.class, EMPTY);
    }

    @Bean
    TenantOffboarding tenantOffboarding() {
        return mock(TenantOffboarding.class, EMPTY);
    }

    @Bean
    ProvisioningHealth provisioningHealth() {
        return mock(ProvisioningHealth.class, EMPTY);
    }

    @Bean
    CommandGateway commandGateway() {
        return mock(CommandGateway.class, EMPTY);
    }
}
