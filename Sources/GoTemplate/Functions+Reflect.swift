/// sprig's type functions: `typeOf` is `fmt.Sprintf("%T")`, `kindOf` is `reflect.Kind`'s name.
extension Functions {
    static let sprigReflect: FunctionTable = [
        "typeOf": GoFunction([.any]) { .string(typeName($0[0])) },
        "typeIs": GoFunction([.string, .any]) { .bool(str($0[0]) == typeName($0[1])) },
        "typeIsLike": GoFunction([.string, .any]) { args in
            let (target, type) = (str(args[0]), typeName(args[1]))
            return .bool(target == type || "*" + target == type)
        },
        "kindOf": GoFunction([.any]) { .string(kindName($0[0])) },
        "kindIs": GoFunction([.string, .any]) { .bool(str($0[0]) == kindName($0[1])) },
        "deepEqual": GoFunction([.any, .any]) { .bool(deepEqual($0[0], $0[1])) },
    ]

    /// Go's `%T` of a value held in an `interface{}` (nil is `<nil>`).
    static func typeName(_ value: Value) -> String {
        value.isMissing ? "<nil>" : "\(value.type)"
    }
}
