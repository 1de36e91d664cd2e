package app.thestorage.provisioning.ingest.scim;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.test.context.ContextConfiguration;

/** A test of the SCIM surface as a WebFlux slice ({@link ScimSlice}), with a {@code WebTestClient} bound to it. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WebFluxTest(properties = "spring.config.name=ingest-api")
@ContextConfiguration(classes = ScimSlice.class)
public @interface ScimSliceTest {
}
