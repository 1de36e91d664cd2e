package app.thestorage.provisioning.ingest;

import java.util.function.Function;
import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** A type that controller methods may take as a parameter, made from the request: declare the result as a bean. */
public final class ExchangeParameter {

    public static <T> WebFluxConfigurer of(Class<T> type, Function<ServerWebExchange, Mono<T>> madeFrom) {
        HandlerMethodArgumentResolver resolver = new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return type.equals(parameter.getParameterType());
            }

            @Override
            public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext context,
                                                ServerWebExchange exchange) {
                return madeFrom.apply(exchange).cast(Object.class);
            }
        };
        return new WebFluxConfigurer() {
            @Override
            public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
                configurer.addCustomResolver(resolver);
            }
        };
    }

    private ExchangeParameter() {
    }
}
