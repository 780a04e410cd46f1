"""CPython 3.11's docstrings for the built-in types whose text another host
(PyPy 3.9) words differently.  ``install_type_docs`` gives each built-in type
its host's ``__doc__``, and takes these instead when the host is not CPython 3.11
(loaded only then)."""

DOCS = {
    'object': (
        'The base class of the class hierarchy.\n'
        '\n'
        'When called, it accepts no arguments and returns a new featureless\n'
        'instance that has no instance attributes and cannot be given any.\n'
    ),
    'type': (
        "type(object) -> the object's type\n"
        'type(name, bases, dict, **kwds) -> a new type'
    ),
    'float': 'Convert a string or number to a floating point number, if possible.',
    'str': (
        "str(object='') -> str\n"
        'str(bytes_or_buffer[, encoding[, errors]]) -> str\n'
        '\n'
        'Create a new string object from the given object. If encoding or\n'
        'errors is specified, then the object must expose a data buffer\n'
        'that will be decoded using the given encoding and error handler.\n'
        'Otherwise, returns the result of object.__str__() (if defined)\n'
        'or repr(object).\n'
        'encoding defaults to sys.getdefaultencoding().\n'
        "errors defaults to 'strict'."
    ),
    'tuple': (
        'Built-in immutable sequence.\n'
        '\n'
        'If no argument is given, the constructor returns an empty tuple.\n'
        "If iterable is specified the tuple is initialized from iterable's items.\n"
        '\n'
        'If the argument is a tuple, the return value is the same object.'
    ),
    'complex': (
        'Create a complex number from a real part and an optional imaginary part.\n'
        '\n'
        'This is equivalent to (real + imag*1j) where imag defaults to 0.'
    ),
    'super': (
        'super() -> same as super(__class__, <first argument>)\n'
        'super(type) -> unbound super object\n'
        'super(type, obj) -> bound super object; requires isinstance(obj, type)\n'
        'super(type, type2) -> bound super object; requires issubclass(type2, type)\n'
        'Typical use to call a cooperative superclass method:\n'
        'class C(B):\n'
        '    def meth(self, arg):\n'
        '        super().meth(arg)\n'
        'This works for class methods too:\n'
        'class C(B):\n'
        '    @classmethod\n'
        '    def cmeth(cls, arg):\n'
        '        super().cmeth(arg)\n'
    ),
    'staticmethod': (
        'staticmethod(function) -> method\n'
        '\n'
        'Convert a function to be a static method.\n'
        '\n'
        'A static method does not receive an implicit first argument.\n'
        'To declare a static method, use this idiom:\n'
        '\n'
        '     class C:\n'
        '         @staticmethod\n'
        '         def f(arg1, arg2, argN):\n'
        '             ...\n'
        '\n'
        'It can be called either on the class (e.g. C.f()) or on an instance\n'
        '(e.g. C().f()). Both the class and the instance are ignored, and\n'
        'neither is passed implicitly as the first argument to the method.\n'
        '\n'
        'Static methods in Python are similar to those found in Java or C++.\n'
        'For a more advanced concept, see the classmethod builtin.'
    ),
    'classmethod': (
        'classmethod(function) -> method\n'
        '\n'
        'Convert a function to be a class method.\n'
        '\n'
        'A class method receives the class as implicit first argument,\n'
        'just like an instance method receives the instance.\n'
        'To declare a class method, use this idiom:\n'
        '\n'
        '  class C:\n'
        '      @classmethod\n'
        '      def f(cls, arg1, arg2, argN):\n'
        '          ...\n'
        '\n'
        'It can be called either on the class (e.g. C.f()) or on an instance\n'
        '(e.g. C().f()).  The instance is ignored except for its class.\n'
        'If a class method is called for a derived class, the derived class\n'
        'object is passed as the implied first argument.\n'
        '\n'
        'Class methods are different than C++ or Java static methods.\n'
        'If you want those, see the staticmethod builtin.'
    ),
    'property': (
        'Property attribute.\n'
        '\n'
        '  fget\n'
        '    function to be used for getting an attribute value\n'
        '  fset\n'
        '    function to be used for setting an attribute value\n'
        '  fdel\n'
        "    function to be used for del'ing an attribute\n"
        '  doc\n'
        '    docstring\n'
        '\n'
        'Typical use is to define a managed attribute x:\n'
        '\n'
        'class C(object):\n'
        '    def getx(self): return self._x\n'
        '    def setx(self, value): self._x = value\n'
        '    def delx(self): del self._x\n'
        '    x = property(getx, setx, delx, "I\'m the \'x\' property.")\n'
        '\n'
        'Decorators make defining new properties or modifying existing ones easy:\n'
        '\n'
        'class C(object):\n'
        '    @property\n'
        '    def x(self):\n'
        '        "I am the \'x\' property."\n'
        '        return self._x\n'
        '    @x.setter\n'
        '    def x(self, value):\n'
        '        self._x = value\n'
        '    @x.deleter\n'
        '    def x(self):\n'
        '        del self._x'
    ),
    'dict': (
        'dict() -> new empty dictionary\n'
        "dict(mapping) -> new dictionary initialized from a mapping object's\n"
        '    (key, value) pairs\n'
        'dict(iterable) -> new dictionary initialized as if via:\n'
        '    d = {}\n'
        '    for k, v in iterable:\n'
        '        d[k] = v\n'
        'dict(**kwargs) -> new dictionary initialized with the name=value pairs\n'
        '    in the keyword argument list.  For example:  dict(one=1, two=2)'
    ),
    'set': (
        'set() -> new empty set object\n'
        'set(iterable) -> new set object\n'
        '\n'
        'Build an unordered collection of unique elements.'
    ),
    'frozenset': (
        'frozenset() -> empty frozenset object\n'
        'frozenset(iterable) -> frozenset object\n'
        '\n'
        'Build an immutable unordered collection of unique elements.'
    ),
    'bytes': (
        'bytes(iterable_of_ints) -> bytes\n'
        'bytes(string, encoding[, errors]) -> bytes\n'
        'bytes(bytes_or_buffer) -> immutable copy of bytes_or_buffer\n'
        'bytes(int) -> bytes object of size given by the parameter initialized with null bytes\n'
        'bytes() -> empty bytes object\n'
        '\n'
        'Construct an immutable array of bytes from:\n'
        '  - an iterable yielding integers in range(256)\n'
        '  - a text string encoded using the specified encoding\n'
        '  - any object implementing the buffer API.\n'
        '  - an integer'
    ),
    'bytearray': (
        'bytearray(iterable_of_ints) -> bytearray\n'
        'bytearray(string, encoding[, errors]) -> bytearray\n'
        'bytearray(bytes_or_buffer) -> mutable copy of bytes_or_buffer\n'
        'bytearray(int) -> bytes array of size given by the parameter initialized with null bytes\n'
        'bytearray() -> empty bytes array\n'
        '\n'
        'Construct a mutable bytearray object from:\n'
        '  - an iterable yielding integers in range(256)\n'
        '  - a text string encoded using the specified encoding\n'
        '  - a bytes or a buffer object\n'
        '  - any object implementing the buffer API.\n'
        '  - an integer'
    ),
    'slice': (
        'slice(stop)\n'
        'slice(start, stop[, step])\n'
        '\n'
        'Create a slice object.  This is used for extended slicing (e.g. a[0:10:2]).'
    ),
    'zip': (
        'zip(*iterables, strict=False) --> Yield tuples until an input is exhausted.\n'
        '\n'
        "   >>> list(zip('abcdefg', range(3), range(4)))\n"
        "   [('a', 0, 0), ('b', 1, 1), ('c', 2, 2)]\n"
        '\n'
        'The zip object yields n-length tuples, where n is the number of iterables\n'
        'passed as positional arguments to zip().  The i-th element in every tuple\n'
        'comes from the i-th iterable argument to zip().  This continues until the\n'
        'shortest argument is exhausted.\n'
        '\n'
        'If strict is true and one of the arguments is exhausted before the others,\n'
        'raise a ValueError.'
    ),
    'BaseException': 'Common base class for all exceptions',
    'OSError': 'Base class for I/O related errors.',
    'BlockingIOError': 'I/O operation would block.',
    'PendingDeprecationWarning': (
        'Base class for warnings about features which will be deprecated\n'
        'in the future.'
    ),
    'FutureWarning': (
        'Base class for warnings about constructs that will change semantically\n'
        'in the future.'
    ),
    'BytesWarning': (
        'Base class for warnings about bytes and buffer related problems, mostly\n'
        'related to conversion from str or comparing to str.'
    ),
    'EncodingWarning': 'Base class for warnings about encodings.',
}
